// What `aerodb doctor` does: find the project's data directory, verify every file in it, and, when
// asked, make the one explicit repair (truncate the WAL after an LSN) and verify again.
import { existsSync } from 'node:fs';
import { loadProject } from '../../config/load-config.js';
import { inspectStorage, type StorageReport } from '../../engine/doctor/inspect-storage.js';
import { truncateWal, type WalRepair } from '../../engine/doctor/truncate-wal.js';
import { AeroError } from '../../engine/errors/aero-error.js';

export interface DoctorOptions {
  /** the project directory (default: the nearest with aerodb.toml) */
  dir?: string;
  cwd?: string;
  /** keep WAL LSNs up to this one and move the rest aside */
  truncateAt?: number;
  /** names the repair folder; the CLI passes the wall clock */
  now?: () => Date;
  onWarning?: (message: string) => void;
}

export interface DoctorResult {
  data_dir: string;
  /** the state before the repair (only with truncateAt) */
  before: StorageReport | null;
  repair: WalRepair | null;
  /** the state now */
  report: StorageReport;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const project = loadProject({ ...(options.dir === undefined ? {} : { dir: options.dir }), ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
  const dataDir = project.dataDir;
  if (!existsSync(dataDir)) {
    throw new AeroError('AERO_STORAGE_IO', `The data directory ${dataDir} does not exist`, {
      details: { dir: dataDir },
      hint: 'Run `aerodb migrate up` or `aerodb serve` once to create it, or check [storage] dir in aerodb.toml.',
    });
  }
  if (options.truncateAt === undefined) return { data_dir: dataDir, before: null, repair: null, report: await inspectStorage(dataDir) };
  const before = await inspectStorage(dataDir);
  const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
  const repair = await truncateWal({ dir: dataDir, keepThroughLsn: options.truncateAt, stamp, onWarning: options.onWarning ?? (() => undefined) });
  return { data_dir: dataDir, before, repair, report: await inspectStorage(dataDir) };
}
