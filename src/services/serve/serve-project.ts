import { randomBytes } from 'node:crypto';
import { loadProject, type LoadedProject } from '../../config/load-config.js';
import { CommitFeed } from '../../engine/changes/commit-feed.js';
import { openDatabase } from '../../engine/database.js';
import type { Database } from '../../engine/database-types.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import { projectDatabaseOptions } from '../data-source/direct-data-source.js';
import { createProjectKeys, readProjectKeys, type ProjectKeys } from '../project-keys.js';
import { systemClock, type ProjectOptions } from '../project-session.js';
import type { WatchEvent } from '../watchers/watch-events.js';
import type { FunctionsHost } from '../functions/functions-host.js';
import type { ServerMigrationHooks } from '../server-migration-hooks.js';
import { liveServerInfo, removeServerInfo, writeServerInfo, type ServerInfo } from './server-info.js';
import { wireServe } from './serve-wiring.js';

export interface ServeOptions extends ProjectOptions {
  /** default: [server] port (0 picks a free port) */
  port?: number;
  /** default: [server] host */
  host?: string;
  /** the package version (reported by /api/health) */
  version: string;
  /** access log, warnings and shutdown steps, one line each */
  log: (line: string) => void;
  onWatchEvent: (event: WatchEvent) => void;
  /** failures of the watcher itself; default: a `watch:` log line */
  onWatchError?: (message: string) => void;
  /** called once the server answers and server.json is written, before the watchers start */
  onReady?: (ready: ServeReady) => void;
}

export interface ServeReady {
  project: LoadedProject;
  url: string;
  pid: number;
  keys: ProjectKeys;
  /** true when this start created .aerodb/keys.json (a fresh clone has none) */
  keys_created: boolean;
  lsn: number;
  started_at: string;
}

export interface ServeSession extends ServeReady {
  /** the open database (owned by the session: stop() closes it) */
  db: Database;
  /** the migration hooks of the admin API */
  migrations: ServerMigrationHooks;
  /** the functions runtime (list, logs, invoke) */
  functions: FunctionsHost;
  /** stop accepting, drain, checkpoint, close the database, remove server.json (idempotent) */
  stop(): Promise<void>;
}

/** `aerodb serve`: the project's database behind the dev server, until stop(). */
export async function startServe(options: ServeOptions): Promise<ServeSession> {
  const project = loadProject(options);
  const keysCreated = createProjectKeys(project.root);
  const keys = readProjectKeys(project.root);
  const commitFeed = new CommitFeed((error) => options.log(`commit listener failed: ${String(error)}`));
  const db = await openOwnedDatabase(project, options.log, commitFeed);
  const adminToken = randomBytes(32).toString('hex');
  let wiring;
  try {
    wiring = await wireServe({
      project,
      db,
      commitFeed,
      keys,
      adminToken,
      host: options.host ?? project.config.server.host,
      port: options.port ?? project.config.server.port,
      version: options.version,
      clock: options.clock ?? systemClock,
      log: options.log,
      onWatchEvent: options.onWatchEvent,
      ...(options.onWatchError ? { onWatchError: options.onWatchError } : {}),
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const info: ServerInfo = { url: wiring.url, pid: process.pid, admin_token: adminToken, started_at: new Date().toISOString() };
  writeServerInfo(project, info);
  const ready: ServeReady = { project, url: info.url, pid: info.pid, keys, keys_created: keysCreated, lsn: db.lsn, started_at: info.started_at };

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await wiring.close();
      try {
        await db.checkpoint();
      } catch (error) {
        options.log(`checkpoint at shutdown failed (the WAL still holds every write): ${error instanceof Error ? error.message : String(error)}`);
      }
      await db.close();
      removeServerInfo(project, info.pid);
    })());
  try {
    options.onReady?.(ready);
    await wiring.startBackground();
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...ready, db, migrations: wiring.migrations, functions: wiring.functions, stop };
}

/** Opens the data directory; when a running `aerodb serve` holds it, the error says so. */
async function openOwnedDatabase(project: LoadedProject, log: (line: string) => void, commitFeed: CommitFeed): Promise<Database> {
  try {
    return await openDatabase({ ...projectDatabaseOptions(project), onWarning: log, commitFeed });
  } catch (error) {
    const holder = error instanceof AeroError && error.code === 'AERO_STORAGE_LOCKED' ? liveServerInfo(project) : null;
    if (holder === null || holder.pid !== (error as AeroError).details['pid']) throw error;
    throw new AeroError('AERO_STORAGE_LOCKED', `${(error as AeroError).message}: aerodb serve (pid ${holder.pid}) already serves this project at ${holder.url}`, {
      details: { ...(error as AeroError).details, url: holder.url },
      hint: `Use the running server (other aerodb commands talk to it), or stop it first (Ctrl-C in its terminal, or kill ${holder.pid}).`,
      cause: error,
    });
  }
}
