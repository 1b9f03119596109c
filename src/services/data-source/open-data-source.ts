import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedProject } from '../../config/load-config.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { Clock } from '../../engine/migrations/migration-types.js';
import type { ProjectDataSource } from './data-source.js';
import { openDirectDataSource } from './direct-data-source.js';

/** The running server's `.aerodb/server.json` when its process is alive, else null. */
export function runningServer(project: LoadedProject): { url: string; pid: number } | null {
  const file = join(project.dataDir, 'server.json');
  if (!existsSync(file)) return null;
  let info: { url?: unknown; pid?: unknown };
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
  } catch {
    return null; // unreadable: a stale or half-written server.json
  }
  if (typeof info.pid !== 'number' || typeof info.url !== 'string') return null;
  return isAlive(info.pid) ? { url: info.url, pid: info.pid } : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Talks to the running dev server when there is one, otherwise opens the data directory. */
export async function openProjectDataSource(project: LoadedProject, clock: Clock): Promise<ProjectDataSource> {
  const server = runningServer(project);
  if (server) {
    throw new AeroError('AERO_INTERNAL_NOT_IMPLEMENTED', `aerodb serve is running (pid ${server.pid}, ${server.url}) and going through its admin API is not built yet`, {
      details: { url: server.url, pid: server.pid },
      hint: 'Stop the server, run this command, then start the server again.',
    });
  }
  return openDirectDataSource(project, clock);
}
