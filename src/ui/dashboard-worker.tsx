/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// The dashboard's worker thread: the controller, React and ink, drawing into a terminal that is
// really the main thread (bytes out, keys and sizes in, feed requests answered over the port).
import { EventEmitter } from 'node:events';
import { parentPort } from 'node:worker_threads';
import type { Query } from '../engine/types.js';
import { DashboardController } from './dashboard-controller.js';
import type { DashboardFeed } from './dashboard-feed.js';
import type { FeedEvent } from './models/feed-events.js';
import { renderDashboard, type DashboardScreen } from './render-dashboard.js';
import type { FeedMethod, FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('dashboard-worker runs as a worker thread only');
const post = (message: FromWorker) => port.postMessage(message);

/** The feed, over the port: events arrive as messages, requests are calls answered by the main thread. */
class PortFeed implements DashboardFeed {
  #listener: ((events: FeedEvent[]) => void) | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    this.#listener = listener;
    return () => {
      this.#listener = null;
    };
  }

  deliver(events: FeedEvent[]): void {
    this.#listener?.(events);
  }

  answer(message: Extract<ToWorker, { kind: 'reply' }>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(message.error);
  }

  find = (collection: string, query: Query) => this.#call('find', [collection, query]) as ReturnType<DashboardFeed['find']>;
  migrationStatus = () => this.#call('migrationStatus', []) as ReturnType<DashboardFeed['migrationStatus']>;
  migrate = (direction: 'up' | 'down', version: string) => this.#call('migrate', [direction, version]) as ReturnType<DashboardFeed['migrate']>;
  functions = () => this.#call('functions', []) as ReturnType<DashboardFeed['functions']>;
  invoke = (name: string, input: unknown) => this.#call('invoke', [name, input]) as ReturnType<DashboardFeed['invoke']>;

  async close(): Promise<void> {}

  #call(method: FeedMethod, args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      post({ kind: 'call', id, method, args });
    });
  }
}

/** The terminal as ink sees it: writes become messages. */
class PortStdout extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  rows = 24;
  /** when the newest state change began (its frame ends with the next write) */
  frameStart: number | null = null;
  write = (data: string) => {
    post({ kind: 'output', data });
    if (this.frameStart !== null) {
      post({ kind: 'frame', ms: performance.now() - this.frameStart });
      this.frameStart = null;
    }
    return true;
  };
}

/** Keys typed on the real terminal, handed to ink the way a TTY stream does ('readable' + read()). */
class PortStdin extends EventEmitter {
  readonly isTTY = true;
  #queue: string[] = [];
  setRawMode() {
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.#queue.shift() ?? null;
  }
  type(data: string): void {
    this.#queue.push(data);
    this.emit('readable');
  }
}

const feed = new PortFeed();
const stdout = new PortStdout();
const stdin = new PortStdin();
let controller: DashboardController | null = null;
let screen: DashboardScreen | null = null;

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'start': {
      stdout.columns = message.size.columns;
      stdout.rows = message.size.rows;
      controller = new DashboardController(feed, {
        size: message.size,
        onQuit: () => post({ kind: 'quit' }),
        // a frame runs from applying the change until ink wrote it (React and ink may finish later)
        onFrameStart: () => {
          stdout.frameStart = performance.now();
        },
      });
      const asTty = <T,>(stream: unknown) => stream as T;
      screen = renderDashboard(controller, {
        stdout: asTty<NodeJS.WriteStream>(stdout),
        stdin: asTty<NodeJS.ReadStream>(stdin),
        stderr: asTty<NodeJS.WriteStream>(stdout),
        onRender: (ms) => post({ kind: 'render', ms }),
      });
      controller.start();
      return;
    }
    case 'events':
      feed.deliver(message.events);
      return;
    case 'reply':
      feed.answer(message);
      return;
    case 'input':
      stdin.type(message.data);
      return;
    case 'resize':
      stdout.columns = message.size.columns;
      stdout.rows = message.size.rows;
      stdout.emit('resize');
      return;
    case 'stop':
      controller?.stop();
      screen?.close();
      post({ kind: 'stopped' });
      return;
  }
});
