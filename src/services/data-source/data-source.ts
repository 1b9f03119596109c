import type { Explain } from '../../engine/query/explain-types.js';
import type { MigrationProgress } from '../../engine/migrations/migration-types.js';
import type { ResolveResult } from '../../engine/migrations/resolve-modified.js';
import type { Query } from '../../engine/types.js';
import type { MigrateRunReport, MigrationStatusReport, NewMigrationReport } from '../report-types.js';

/**
 * Where the migrate/explain commands get their answers. `direct` opens the data directory in this
 * process (ProjectOperations over it); `server` sends the same calls to the running
 * `aerodb serve`, which owns the directory while it runs (its /admin API answers with the same
 * report objects).
 */
export interface ProjectDataSource {
  readonly mode: 'direct' | 'server';
  status(): Promise<MigrationStatusReport>;
  up(options: { target?: string; onProgress?: MigrationProgress }): Promise<MigrateRunReport>;
  down(options: { target: string; onProgress?: MigrationProgress }): Promise<MigrateRunReport>;
  resolve(options: { version: string; reason: string }): Promise<ResolveResult>;
  newMigration(options: { name: string; fromSchemas: boolean }): Promise<NewMigrationReport>;
  explain(collection: string, query: Query, options: { analyze: boolean }): Promise<Explain>;
  close(): Promise<void>;
}
