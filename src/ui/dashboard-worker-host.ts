// The main-thread side of the dashboard inside `aerodb serve`: starts the worker thread that draws
// it, owns the real terminal (raw keys, resizes, the bytes the worker draws) and answers the
// worker's feed requests. The server's event loop only forwards messages: no layout, no React.
// The terminal is restored on close, on a crash of this process and if the worker dies (the
// server then keeps running with plain log lines).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DashboardFeed } from './dashboard-feed.js';
import type { ErrorPayload, FeedMethod, FromWorker, ToWorker } from './worker-protocol.js';

const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
const CTRL_C = '\u0003';
/** how long close() waits for the worker's last frame before terminating it */
const STOP_TIMEOUT_MS = 1000;

export interface DashboardWorkerOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** the user quit (q, or Ctrl-C, which works even if the worker hangs) */
  onQuit: () => void;
  /** the worker failed: the terminal is already restored */
  onCrash: (error: Error) => void;
  onFrame?: (ms: number) => void;
  onRender?: (ms: number) => void;
}

export interface DashboardWorker {
  /** stops the worker and restores the terminal (idempotent) */
  close(): Promise<void>;
}

export function startDashboardWorker(feed: DashboardFeed, options: DashboardWorkerOptions): DashboardWorker {
  const { stdout, stdin } = options;
  const worker = createWorker();
  const send = (message: ToWorker) => worker.postMessage(message);
  let restored = false;
  let closing: Promise<void> | null = null;
  let stopped: (() => void) | null = null;
  let unsubscribe: () => void = () => undefined;

  const restore = () => {
    if (restored) return;
    restored = true;
    unsubscribe();
    stdin.off('data', onInput);
    stdout.off('resize', onResize);
    process.off('exit', restore);
    process.off('uncaughtExceptionMonitor', restore);
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    } catch {
      // the terminal is gone
    }
    stdout.write(`${SHOW_CURSOR}${LEAVE_ALT_SCREEN}`);
  };
  const onInput = (data: string) => {
    if (data === CTRL_C) options.onQuit();
    send({ kind: 'input', data });
  };
  const onResize = () => send({ kind: 'resize', size: { columns: stdout.columns, rows: stdout.rows } });

  worker.on('message', (message: FromWorker) => {
    switch (message.kind) {
      case 'output':
        if (!restored) stdout.write(message.data);
        return;
      case 'call':
        answer(feed, message.method, message.args).then(
          (value) => send({ kind: 'reply', id: message.id, ok: true, value }),
          (error: unknown) => send({ kind: 'reply', id: message.id, ok: false, error: errorPayload(error) }),
        );
        return;
      case 'quit':
        options.onQuit();
        return;
      case 'frame':
        options.onFrame?.(message.ms);
        return;
      case 'render':
        options.onRender?.(message.ms);
        return;
      case 'stopped':
        stopped?.();
        return;
    }
  });
  worker.on('error', (error) => {
    restore();
    options.onCrash(error);
  });
  worker.on('exit', (code) => {
    if (closing !== null || restored) return;
    restore();
    options.onCrash(new Error(`the dashboard worker exited with code ${code}`));
  });

  process.on('uncaughtExceptionMonitor', restore);
  process.on('exit', restore);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.on('data', onInput);
  stdin.resume();
  stdout.on('resize', onResize);
  unsubscribe = feed.subscribe((events) => send({ kind: 'events', events }));
  send({ kind: 'start', size: { columns: stdout.columns, rows: stdout.rows } });

  return {
    close: () =>
      (closing ??= (async () => {
        if (!restored) {
          // the worker's last frame leaves the alternate screen; then the thread goes
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
            stopped = () => {
              clearTimeout(timer);
              resolve();
            };
            send({ kind: 'stop' });
          });
        }
        restore();
        await worker.terminate();
      })()),
  };
}

function answer(feed: DashboardFeed, method: FeedMethod, args: unknown[]): Promise<unknown> {
  switch (method) {
    case 'find':
      return feed.find(args[0] as string, args[1] as Parameters<DashboardFeed['find']>[1]);
    case 'migrationStatus':
      return feed.migrationStatus();
    case 'migrate':
      return feed.migrate(args[0] as 'up' | 'down', args[1] as string);
    case 'functions':
      return feed.functions();
    case 'invoke':
      return feed.invoke(args[0] as string, args[1]);
  }
}

function errorPayload(error: unknown): ErrorPayload {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : null,
    message: typeof e?.message === 'string' ? e.message : String(error),
    hint: typeof e?.hint === 'string' ? e.hint : null,
  };
}

/**
 * dist/ runs the compiled worker. From src (tsx: bin/dev.js, tests) the worker registers tsx itself
 * before importing the TypeScript one: loader flags are not inherited by worker threads.
 */
function createWorker(): Worker {
  // React's production build: the development one profiles every render (several times slower).
  // The caller already decided to draw (canDrawDashboard); ink's own CI check would hold back every frame.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./dashboard-worker.js', import.meta.url), { env });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const entry = new URL('./dashboard-worker.tsx', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, env });
}
