import { loadProject } from '../config/load-config.js';
import type { Clock } from '../engine/migrations/migration-types.js';
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

export const systemClock: Clock = () => new Date();

/** Loads the project (aerodb.toml validated first), opens its data source, runs `work`, always closes. */
export async function withProject<T>(options: ProjectOptions, work: (source: ProjectDataSource) => Promise<T>): Promise<T> {
  const project = loadProject(options);
  const source = await openProjectDataSource(project, options.clock ?? systemClock);
  try {
    return await work(source);
  } finally {
    await source.close();
  }
}
