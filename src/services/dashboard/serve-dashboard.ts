// `aerodb serve` on a terminal: the dashboard in this process, fed by the server directly. Created
// before the server starts (so the watchers' first reports are kept), drawn once it is ready.
import type { Database } from '../../engine/database-types.js';
import { DashboardController } from '../../ui/dashboard-controller.js';
import { renderDashboard, type DashboardScreen } from '../../ui/render-dashboard.js';
import type { ServerMigrationHooks } from '../server-migration-hooks.js';
import type { ServeReady } from '../serve/serve-project.js';
import { InProcessFeed } from './in-process-feed.js';

export interface ServeDashboard {
  /** the server's log function while the dashboard is up */
  log(line: string): void;
  feed: InProcessFeed;
  /** draws the dashboard over the running server */
  show(ready: ServeReady & { db: Database; migrations: ServerMigrationHooks }, version: string): void;
  /** resolves when the user quits (q or Ctrl-C) */
  readonly quit: Promise<void>;
  /** unmounts and restores the terminal (idempotent) */
  close(): Promise<void>;
}

export interface ServeDashboardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  /** frame durations (reduce + render), for the benchmark */
  onFrame?: (ms: number) => void;
}

export function createServeDashboard(options: ServeDashboardOptions): ServeDashboard {
  const feed = new InProcessFeed();
  let screen: DashboardScreen | null = null;
  let controller: DashboardController | null = null;
  let quitNow: () => void = () => undefined;
  const quit = new Promise<void>((resolve) => {
    quitNow = resolve;
  });
  return {
    feed,
    quit,
    log: (line) => feed.log(line),
    show(ready, version) {
      feed.attach({
        db: ready.db,
        migrations: ready.migrations,
        info: { url: ready.url, version, pid: ready.pid, started_at: ready.started_at, keys: { anon: ready.keys.anon, service: ready.keys.service }, mode: 'serve' },
      });
      const c = new DashboardController(feed, {
        size: { columns: options.stdout.columns, rows: options.stdout.rows },
        onQuit: () => quitNow(),
        ...(options.onFrame ? { onFrame: options.onFrame } : {}),
      });
      controller = c;
      screen = renderDashboard(c, { stdout: options.stdout, stdin: options.stdin, stderr: options.stderr });
      c.start();
    },
    async close() {
      controller?.stop();
      screen?.close();
      screen = null;
      await feed.close();
    },
  };
}
