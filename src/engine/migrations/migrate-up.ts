import type { Database } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import { applyMigrationStep, type MigrationStepResult } from './apply-step.js';
import { compareVersions, isVersionText } from './file-name.js';
import { readMigrationHistory } from './history.js';
import type { Clock, Migration, MigrationProgress } from './migration-types.js';
import { assertNoProblems } from './problems.js';
import { computeMigrationStatus } from './status.js';

export interface MigrateUpOptions {
  /** apply pending migrations through this version (default: all) */
  target?: string;
  clock: Clock;
  onProgress?: MigrationProgress;
}

/**
 * Applies pending migrations in version order, each as one atomic unit. Refuses to start while an
 * applied file is modified or missing, or a pending version sorts below an applied one.
 */
export async function migrateUp(db: Database, migrations: readonly Migration[], options: MigrateUpOptions): Promise<MigrationStepResult[]> {
  if (options.target !== undefined) assertKnownVersion(options.target, migrations);
  const history = await readMigrationHistory(db);
  const status = computeMigrationStatus(migrations, history);
  assertNoProblems(status, 'migrate up');
  const pendingVersions = new Set(status.entries.filter((e) => e.state === 'pending').map((e) => e.version));
  const todo = migrations.filter((m) => pendingVersions.has(m.version) && (options.target === undefined || compareVersions(m.version, options.target) <= 0));
  const previous = new Map(history.map((r) => [r.version, r] as const));
  const results: MigrationStepResult[] = [];
  for (const [index, migration] of todo.entries()) {
    const event = { direction: 'up' as const, version: migration.version, name: migration.name, index, total: todo.length };
    options.onProgress?.({ phase: 'start', ...event });
    results.push(await applyMigrationStep(db, migration, 'up', previous.get(migration.version), options.clock));
    options.onProgress?.({ phase: 'done', ...event });
  }
  return results;
}

function assertKnownVersion(target: string, migrations: readonly Migration[]): void {
  if (!isVersionText(target) || !migrations.some((m) => compareVersions(m.version, target) === 0)) {
    throw new AeroError('AERO_MIGRATION_UNKNOWN_VERSION', `no migration file has version ${JSON.stringify(target)}`, {
      details: { version: target, known: migrations.map((m) => m.version) },
      hint: `Pick one of: ${migrations.map((m) => m.version).join(', ') || '(no migration files)'}; \`aerodb migrate status\` lists them.`,
    });
  }
}
