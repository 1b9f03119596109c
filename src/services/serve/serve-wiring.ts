import type { LoadedProject } from '../../config/load-config.js';
import type { CommitFeed } from '../../engine/changes/commit-feed.js';
import type { Database } from '../../engine/database-types.js';
import type { Clock } from '../../engine/migrations/migration-types.js';
import { createServer } from '../../server/create-server.js';
import { FunctionsHost } from '../functions/functions-host.js';
import { ProjectOperations } from '../project-operations.js';
import { readJwtSecret } from '../token-secret.js';
import type { ProjectKeys } from '../project-keys.js';
import { serverMigrationHooks, type ServerMigrationHooks } from '../server-migration-hooks.js';
import { ProjectWatcher } from '../watchers/project-watcher.js';
import type { WatchEvent } from '../watchers/watch-events.js';

export interface ServeWiringInput {
  project: LoadedProject;
  db: Database;
  /** the database's committed changes (function db triggers) */
  commitFeed: CommitFeed;
  keys: ProjectKeys;
  adminToken: string;
  host: string;
  port: number;
  version: string;
  clock: Clock;
  log: (line: string) => void;
  onWatchEvent: (event: WatchEvent) => void;
  /** failures of the watcher itself; default: a `watch:` log line */
  onWatchError?: (message: string) => void;
}

export interface ServeWiring {
  url: string;
  /** the admin API's migration hooks (commands through them are not reported by the watcher) */
  migrations: ServerMigrationHooks;
  /** the functions runtime the admin API and /api/functions use */
  functions: FunctionsHost;
  /** starts what is not needed to answer requests (the file watchers) */
  startBackground(): Promise<void>;
  /** stops everything started here, in reverse order; the caller checkpoints and closes the db */
  close(): Promise<void>;
}

/**
 * Everything `aerodb serve` runs over the open database. A new serve-time component (operation
 * log, realtime, functions) is created here, handed to createServer, and closed in `close`.
 */
export async function wireServe(input: ServeWiringInput): Promise<ServeWiring> {
  const { project, db, clock, log } = input;
  const watcher = new ProjectWatcher(project, db, new ProjectOperations(project, db, clock), {
    onEvent: input.onWatchEvent,
    onError: input.onWatchError ?? ((message) => log(`watch: ${message}`)),
  });
  const migrations = quietForWatcher(serverMigrationHooks(project, db, clock), watcher);
  const functions = await FunctionsHost.start({ project, db, commitFeed: input.commitFeed, log });
  const server = await createServer({
    db,
    keys: { anon: input.keys.anon, service: input.keys.service },
    jwtSecret: readJwtSecret(project),
    adminToken: input.adminToken,
    host: input.host,
    port: input.port,
    maxLimit: project.config.query.max_limit,
    version: input.version,
    log,
    admin: { migrations, functions },
  }).catch(async (error: unknown) => {
    await functions.close();
    throw error;
  });
  return {
    url: server.url,
    migrations,
    functions,
    startBackground: async () => {
      await watcher.start();
      await functions.startWatching();
    },
    async close() {
      await watcher.close();
      await server.close();
      await functions.close();
    },
  };
}

/** Commands that change migrations/ or schemas/ on purpose are their own report, not the watcher's. */
function quietForWatcher(hooks: ServerMigrationHooks, watcher: ProjectWatcher): ServerMigrationHooks {
  return {
    status: () => hooks.status(),
    up: (version) => watcher.duringCommand(() => hooks.up(version)),
    down: (version) => watcher.duringCommand(() => hooks.down(version)),
    resolve: (version, reason) => watcher.duringCommand(() => hooks.resolve(version, reason)),
    newMigration: (name, fromSchemas) => watcher.duringCommand(() => hooks.newMigration(name, fromSchemas)),
  };
}
