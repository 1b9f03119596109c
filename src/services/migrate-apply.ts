import type { MigrationProgress } from '../engine/migrations/migration-types.js';
import { withProject, type ProjectOptions } from './project-session.js';
import type { MigrateRunReport } from './report-types.js';

export interface MigrateUpOptions extends ProjectOptions {
  target?: string;
  onProgress?: MigrationProgress;
}

export interface MigrateDownOptions extends ProjectOptions {
  target: string;
  onProgress?: MigrationProgress;
}

/** `aerodb migrate up [VERSION]`: applies pending migrations, then rewrites schemas/*.json. */
export function runMigrateUp(options: MigrateUpOptions): Promise<MigrateRunReport> {
  return withProject(options, (source) => source.up(stepOptions(options)));
}

/** `aerodb migrate down VERSION`: rolls back newer migrations, then rewrites schemas/*.json. */
export function runMigrateDown(options: MigrateDownOptions): Promise<MigrateRunReport> {
  return withProject(options, (source) => source.down({ ...stepOptions(options), target: options.target }));
}

function stepOptions(options: { target?: string; onProgress?: MigrationProgress }): { target?: string; onProgress?: MigrationProgress } {
  const out: { target?: string; onProgress?: MigrationProgress } = {};
  if (options.target !== undefined) out.target = options.target;
  if (options.onProgress) out.onProgress = options.onProgress;
  return out;
}
