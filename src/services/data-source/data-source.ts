import type { AppliedSchema, Query } from '../../engine/types.js';
import type { Explain } from '../../engine/query/explain-types.js';
import type { MigrationStepResult } from '../../engine/migrations/apply-step.js';
import type { Migration, MigrationProgress, MigrationRecord } from '../../engine/migrations/migration-types.js';
import type { ResolveResult } from '../../engine/migrations/resolve-modified.js';

/**
 * What the migrate/explain services need from a project's database. Two implementations answer
 * the same calls: `direct` opens the data directory in this process; `server` (to come) asks the
 * running `aerodb serve` through its admin API, which owns the directory while it runs.
 */
export interface ProjectDataSource {
  readonly mode: 'direct' | 'server';
  /** every `_system.migrations` row, sorted by version */
  migrationHistory(): Promise<MigrationRecord[]>;
  /** applied schemas, sorted by collection */
  appliedSchemas(): Promise<AppliedSchema[]>;
  migrateUp(migrations: readonly Migration[], options: { target?: string; onProgress?: MigrationProgress }): Promise<MigrationStepResult[]>;
  migrateDown(migrations: readonly Migration[], options: { target: string; onProgress?: MigrationProgress }): Promise<MigrationStepResult[]>;
  resolveModified(migrations: readonly Migration[], options: { version: string; reason: string }): Promise<ResolveResult>;
  explain(collection: string, query: Query, options: { analyze: boolean }): Promise<Explain>;
  close(): Promise<void>;
}
