import { compareVersions } from './file-name.js';
import type { Migration, MigrationProblem, MigrationRecord, MigrationStatus, MigrationStatusEntry } from './migration-types.js';

/**
 * Compares the migration files with the history: each version is applied, pending, modified
 * (applied, file checksum differs) or missing (applied, no file). A pending version below the
 * highest applied one is out of order. Rolled-back rows count as not applied and are never
 * compared (their file may be edited freely before it is applied again).
 */
export function computeMigrationStatus(files: readonly Migration[], history: readonly MigrationRecord[]): MigrationStatus {
  const applied = new Map(history.filter((r) => r.direction === 'up').map((r) => [BigInt(r.version), r] as const));
  const byVersion = new Map(files.map((m) => [BigInt(m.version), m] as const));
  const versions = [...new Set([...applied.keys(), ...byVersion.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const current = [...applied.values()].map((r) => r.version).sort(compareVersions).at(-1) ?? null;

  const entries: MigrationStatusEntry[] = [];
  const problems: MigrationProblem[] = [];
  for (const v of versions) {
    const record = applied.get(v);
    const file = byVersion.get(v);
    if (record && !file) {
      entries.push({ version: record.version, name: record.name, state: 'missing', applied_at: record.applied_at, checksum: record.checksum, applied_checksum: record.checksum, file: null, out_of_order: false, resolutions: record.resolutions });
      problems.push({ kind: 'missing', version: record.version, name: record.name, expected_checksum: record.checksum });
    } else if (record && file) {
      const modified = record.checksum !== file.checksum;
      entries.push({ version: file.version, name: file.name, state: modified ? 'modified' : 'applied', applied_at: record.applied_at, checksum: file.checksum, applied_checksum: record.checksum, file: file.file, out_of_order: false, resolutions: record.resolutions });
      if (modified) problems.push({ kind: 'modified', version: file.version, name: file.name, file: file.file, expected_checksum: record.checksum, actual_checksum: file.checksum });
    } else if (file) {
      const outOfOrder = current !== null && compareVersions(file.version, current) < 0;
      entries.push({ version: file.version, name: file.name, state: 'pending', applied_at: null, checksum: file.checksum, applied_checksum: null, file: file.file, out_of_order: outOfOrder, resolutions: [] });
      if (outOfOrder) problems.push({ kind: 'out_of_order', version: file.version, name: file.name, file: file.file, highest_applied: current! });
    }
  }
  return { entries, problems, current };
}
