import type { LoadedProject } from '../../config/load-config.js';
import type { Clock } from '../../engine/migrations/migration-types.js';
import { liveServerInfo } from '../serve/server-info.js';
import { healthAnswers } from './admin-client.js';
import type { ProjectDataSource } from './data-source.js';
import { openDirectDataSource } from './direct-data-source.js';
import { ServerDataSource } from './server-data-source.js';

/** How long a live server's /api/health may take before the CLI stops waiting for it. */
const HEALTH_TIMEOUT_MS = 2000;

/**
 * Talks to the running dev server when there is one (server.json names a live pid and its
 * /api/health answers), otherwise opens the data directory. A pid that is alive but does not
 * answer falls through to the direct path, whose LOCK check then names the process that holds it.
 */
export async function openProjectDataSource(project: LoadedProject, clock: Clock): Promise<ProjectDataSource> {
  const info = liveServerInfo(project);
  if (info !== null && (await healthAnswers(info.url, HEALTH_TIMEOUT_MS))) {
    return new ServerDataSource({ url: info.url, pid: info.pid, adminToken: info.admin_token });
  }
  return openDirectDataSource(project, clock);
}
