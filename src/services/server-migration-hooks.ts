import type { LoadedProject } from '../config/load-config.js';
import type { Database } from '../engine/database-types.js';
import type { Clock } from '../engine/migrations/migration-types.js';
import { ProjectOperations } from './project-operations.js';
import { systemClock } from './project-session.js';
import type { MigrateRunReport, MigrationStatusReport } from './report-types.js';

/**
 * The migration hooks `aerodb serve` plugs into its /admin/migrations API (src/server/admin-hooks.ts),
 * over the database the server already owns: same logic and report objects as the offline CLI.
 */
export function serverMigrationHooks(project: LoadedProject, db: Database, clock: Clock = systemClock): {
  status(): Promise<MigrationStatusReport>;
  up(version?: string): Promise<MigrateRunReport>;
  down(version: string): Promise<MigrateRunReport>;
} {
  const ops = new ProjectOperations(project, db, clock);
  return {
    status: () => ops.status(),
    up: (version) => ops.up(version === undefined ? {} : { target: version }),
    down: (version) => ops.down({ target: version }),
  };
}
