// `.aerodb/server.json`: how other CLI commands find the `aerodb serve` that owns the data directory.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedProject } from '../../config/load-config.js';

export interface ServerInfo {
  url: string;
  pid: number;
  /** Bearer token of the admin API, fresh for every start */
  admin_token: string;
  /** ISO time the server became ready */
  started_at: string;
}

export const SERVER_INFO_FILE = 'server.json';

export function serverInfoPath(project: LoadedProject): string {
  return join(project.dataDir, SERVER_INFO_FILE);
}

/** Replaces server.json (a stale one included) atomically, readable only by the owner. */
export function writeServerInfo(project: LoadedProject, info: ServerInfo): void {
  const path = serverInfoPath(project);
  const tmp = `${path}.${info.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** server.json as written by a server, or null when absent or unreadable (a stale or torn file). */
export function readServerInfo(project: LoadedProject): ServerInfo | null {
  const path = serverInfoPath(project);
  if (!existsSync(path)) return null;
  let info: Partial<Record<keyof ServerInfo, unknown>>;
  try {
    info = JSON.parse(readFileSync(path, 'utf8')) as typeof info;
  } catch {
    return null;
  }
  if (typeof info.url !== 'string' || typeof info.pid !== 'number' || typeof info.admin_token !== 'string') return null;
  return { url: info.url, pid: info.pid, admin_token: info.admin_token, started_at: typeof info.started_at === 'string' ? info.started_at : '' };
}

/** The server.json of a process that is still running, else null (a dead pid's file is stale). */
export function liveServerInfo(project: LoadedProject): ServerInfo | null {
  const info = readServerInfo(project);
  return info !== null && isProcessAlive(info.pid) ? info : null;
}

/** Removes server.json when it is still this process's (a newer server may have replaced it). */
export function removeServerInfo(project: LoadedProject, pid: number): void {
  if (readServerInfo(project)?.pid !== pid) return;
  rmSync(serverInfoPath(project), { force: true });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
