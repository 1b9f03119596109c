import type { Database } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import { applyMigrationStep, type MigrationStepResult } from './apply-step.js';
import { compareVersions, isVersionText } from './file-name.js';
import { readMigrationHistory } from './history.js';
import type { Clock, Migration, MigrationProgress } from './migration-types.js';
import { assertNoProblems } from './problems.js';
import { computeMigrationStatus } from './status.js';

export interface MigrateDownOptions {
  /** keep migrations up to and including this version; "000" rolls everything back */
  target: string;
  clock: Clock;
  onProgress?: MigrationProgress;
}

/**
 * Runs the `down` of every applied migration above `target`, newest first, each as one atomic
 * unit. Refuses while an applied file is modified or missing (its `down` cannot be trusted).
 */
export async function migrateDown(db: Database, migrations: readonly Migration[], options: MigrateDownOptions): Promise<MigrationStepResult[]> {
  const history = await readMigrationHistory(db);
  const { target } = options;
  const isZero = isVersionText(target) && BigInt(target) === 0n;
  const known = [...migrations.map((m) => m.version), ...history.map((r) => r.version)];
  if (!isVersionText(target) || (!isZero && !known.some((v) => compareVersions(v, target) === 0))) {
    throw new AeroError('AERO_MIGRATION_UNKNOWN_VERSION', `no migration has version ${JSON.stringify(target)}`, {
      details: { version: target, known: [...new Set(known)].sort(compareVersions) },
      hint: 'Pass an applied version to keep (e.g. `aerodb migrate down 001`), or 000 to roll back everything.',
    });
  }
  const status = computeMigrationStatus(migrations, history);
  assertNoProblems(status, 'migrate down', ['modified', 'missing']);
  const byVersion = new Map(migrations.map((m) => [m.version, m] as const));
  const todo = history
    .filter((r) => r.direction === 'up' && compareVersions(r.version, target) > 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  const results: MigrationStepResult[] = [];
  for (const [index, record] of todo.entries()) {
    // status found no missing/modified file, so the file for every applied version is there
    const migration = byVersion.get(record.version) ?? migrations.find((m) => compareVersions(m.version, record.version) === 0)!;
    const event = { direction: 'down' as const, version: migration.version, name: migration.name, index, total: todo.length };
    options.onProgress?.({ phase: 'start', ...event });
    results.push(await applyMigrationStep(db, migration, 'down', record, options.clock));
    options.onProgress?.({ phase: 'done', ...event });
  }
  return results;
}
