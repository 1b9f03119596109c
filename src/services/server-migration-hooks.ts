import type { LoadedProject } from '../config/load-config.js';
import type { Database } from '../engine/database-types.js';
import type { Clock } from '../engine/migrations/migration-types.js';
import type { ResolveResult } from '../engine/migrations/resolve-modified.js';
import type { MigrationHooks } from '../server/admin-hooks.js';
import { migrationNameSlug } from './migrate-new.js';
import { ProjectOperations } from './project-operations.js';
import { systemClock } from './project-session.js';
import type { MigrateRunReport, MigrationStatusReport, NewMigrationReport } from './report-types.js';

/** MigrationHooks with the report types the CLI reads back from /admin/migrations. */
export interface ServerMigrationHooks extends MigrationHooks {
  status(): Promise<MigrationStatusReport>;
  up(version?: string): Promise<MigrateRunReport>;
  down(version: string): Promise<MigrateRunReport>;
  resolve(version: string, reason: string): Promise<ResolveResult>;
  newMigration(name: string, fromSchemas: boolean): Promise<NewMigrationReport>;
}

/**
 * The migration hooks `aerodb serve` plugs into its /admin/migrations API (src/server/admin-hooks.ts),
 * over the database the server already owns: same logic and report objects as the offline CLI.
 */
export function serverMigrationHooks(project: LoadedProject, db: Database, clock: Clock = systemClock): ServerMigrationHooks {
  const ops = new ProjectOperations(project, db, clock);
  return {
    status: () => ops.status(),
    up: (version) => ops.up(version === undefined ? {} : { target: version }),
    down: (version) => ops.down({ target: version }),
    resolve: (version, reason) => ops.resolve({ version, reason }),
    // the CLI sends a slug already; a direct HTTP caller gets the same naming rule
    newMigration: async (name, fromSchemas) => ops.newMigration({ name: migrationNameSlug(name), fromSchemas }),
  };
}
