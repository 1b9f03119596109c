// `aerodb serve` on a terminal: the dashboard in this process, fed by the server directly, drawn by
// a worker thread (a frame never blocks the server's event loop). Created before the server starts
// (so the watchers' first reports are kept), drawn once it is ready.
import type { Database } from '../../engine/database-types.js';
import { startDashboardWorker, type DashboardWorker } from '../../ui/dashboard-worker-host.js';
import type { ServerMigrationHooks } from '../server-migration-hooks.js';
import type { ServeReady } from '../serve/serve-project.js';
import type { FunctionsHost } from '../functions/functions-host.js';
import { functionsAccess } from './functions-access.js';
import { InProcessFeed } from './in-process-feed.js';

export interface ServeDashboard {
  /** the server's log function while the dashboard is up */
  log(line: string): void;
  feed: InProcessFeed;
  /** draws the dashboard over the running server */
  show(ready: ServeReady & { db: Database; migrations: ServerMigrationHooks; functions: FunctionsHost }, version: string): void;
  /** resolves when the user quits (q or Ctrl-C) */
  readonly quit: Promise<void>;
  /** resolves with the error if the dashboard fails (the terminal is restored by then) */
  readonly crashed: Promise<Error>;
  /** unmounts and restores the terminal (idempotent) */
  close(): Promise<void>;
}

export interface ServeDashboardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** frame durations (reduce + render), for the benchmark */
  onFrame?: (ms: number) => void;
  /** ink's own render durations, for the benchmark */
  onRender?: (ms: number) => void;
}

export function createServeDashboard(options: ServeDashboardOptions): ServeDashboard {
  const feed = new InProcessFeed();
  let worker: DashboardWorker | null = null;
  let functions: ReturnType<typeof functionsAccess> | null = null;
  let quitNow: () => void = () => undefined;
  const quit = new Promise<void>((resolve) => {
    quitNow = resolve;
  });
  let crash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    crash = resolve;
  });
  return {
    feed,
    quit,
    crashed,
    log: (line) => feed.log(line),
    show(ready, version) {
      functions = functionsAccess(ready.functions, ready.db.oplog);
      feed.attach({
        db: ready.db,
        migrations: ready.migrations,
        functions,
        info: { url: ready.url, version, pid: ready.pid, started_at: ready.started_at, keys: { anon: ready.keys.anon, service: ready.keys.service }, mode: 'serve' },
      });
      worker = startDashboardWorker(feed, {
        stdout: options.stdout,
        stdin: options.stdin,
        onQuit: () => quitNow(),
        onCrash: (error) => crash(error),
        ...(options.onFrame ? { onFrame: options.onFrame } : {}),
        ...(options.onRender ? { onRender: options.onRender } : {}),
      });
    },
    async close() {
      await worker?.close();
      worker = null;
      await feed.close();
      functions?.close();
      functions = null;
    },
  };
}
