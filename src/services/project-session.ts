import { loadProject, type LoadedProject } from '../config/load-config.js';
import { loadMigrations } from '../engine/migrations/load-migrations.js';
import type { Clock, Migration } from '../engine/migrations/migration-types.js';
import type { ProjectDataSource } from './data-source/data-source.js';
import { openProjectDataSource } from './data-source/open-data-source.js';

/** Options every project service accepts. */
export interface ProjectOptions {
  /** project directory (default: search upward from cwd) */
  dir?: string;
  cwd?: string;
  /** source of applied_at/resolved_at timestamps (default: the system clock) */
  clock?: Clock;
}

export interface ProjectSession {
  project: LoadedProject;
  migrations: Migration[];
  source: ProjectDataSource;
}

export const systemClock: Clock = () => new Date();

/**
 * Loads the project and its migration files (both validated before the database is touched),
 * opens its data source, runs `work`, and always closes the source.
 */
export async function withProject<T>(
  options: ProjectOptions,
  work: (session: ProjectSession) => Promise<T>,
  { readMigrations = true }: { readMigrations?: boolean } = {},
): Promise<T> {
  const project = loadProject(options);
  const migrations = readMigrations ? loadMigrations(project.migrationsDir, project.root) : [];
  const source = await openProjectDataSource(project, options.clock ?? systemClock);
  try {
    return await work({ project, migrations, source });
  } finally {
    await source.close();
  }
}
