import type { Database } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import { SYSTEM_MIGRATIONS, type Doc } from '../types.js';
import { compareVersions } from './file-name.js';
import { readMigrationHistory } from './history.js';
import type { Clock, Migration, MigrationRecord } from './migration-types.js';

export interface ResolveResult {
  version: string;
  name: string;
  /** false when the file already matched the recorded checksum (nothing written) */
  changed: boolean;
  previous_checksum: string;
  checksum: string;
  lsn: number | null;
}

/**
 * Accepts an edited applied migration: records the file's new checksum and appends the decision
 * (time, reason, both checksums) to the row's `resolutions`. The schema is not changed: the edit
 * is accepted as describing what was applied.
 */
export async function resolveModifiedMigration(
  db: Database,
  migrations: readonly Migration[],
  options: { version: string; reason: string; clock: Clock },
): Promise<ResolveResult> {
  const reason = options.reason.trim();
  if (reason === '') {
    throw new AeroError('AERO_CONFIG_USAGE', 'resolve needs a non-empty --reason', { hint: 'Say why the edit is accepted, e.g. --reason "fixed a typo in down"; it is kept in the history.' });
  }
  const history = await readMigrationHistory(db);
  const record = history.find((r) => r.direction === 'up' && compareVersions(r.version, options.version) === 0);
  if (!record) {
    throw new AeroError('AERO_MIGRATION_UNKNOWN_VERSION', `migration ${options.version} is not applied, so there is nothing to resolve`, {
      details: { version: options.version, applied: history.filter((r) => r.direction === 'up').map((r) => r.version) },
      hint: 'Only an applied migration can be modified; `aerodb migrate status` shows which ones are.',
    });
  }
  const file = migrations.find((m) => compareVersions(m.version, record.version) === 0);
  if (!file) {
    throw new AeroError('AERO_MIGRATION_MISSING', `migration ${record.version} (${record.name}) is applied but its file is missing`, {
      details: { version: record.version, expected_checksum: record.checksum },
      hint: 'Restore the file from git; resolve accepts an edited file, not a deleted one.',
    });
  }
  if (file.checksum === record.checksum) {
    return { version: record.version, name: record.name, changed: false, previous_checksum: record.checksum, checksum: file.checksum, lsn: null };
  }
  const lsn = db.lsn + 1;
  const next: MigrationRecord = {
    ...record,
    name: file.name,
    checksum: file.checksum,
    resolutions: [...record.resolutions, { resolved_at: options.clock().toISOString(), reason, previous_checksum: record.checksum, checksum: file.checksum, lsn }],
  };
  const result = await db.applySchemaOps([], { alsoWrite: [{ collection: SYSTEM_MIGRATIONS, doc: next as unknown as Doc }] });
  return { version: record.version, name: file.name, changed: true, previous_checksum: record.checksum, checksum: file.checksum, lsn: result.lsn };
}
