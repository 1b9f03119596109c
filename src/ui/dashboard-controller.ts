// Runs the dashboard between a feed and a renderer: reduces feed events in batches (at most one
// state change per frame, however many events arrive), applies key presses at once, runs the
// effects they ask for, and tells the renderer when to draw. No terminal code here.
import type { DashboardFeed } from './dashboard-feed.js';
import { reduceAll, reduceDashboard, initialDashboardState, type DashboardAction, type DashboardState } from './models/dashboard-state.js';
import { errorView, type Effect } from './models/effects.js';
import type { FeedEvent } from './models/feed-events.js';
import { pressKey } from './models/key-press.js';
import type { ScreenSize } from './models/layout.js';
import type { KeyPress } from './models/text-input.js';

/** Feed events are applied at most this often (the render throttle). */
export const DEFAULT_FRAME_MS = 200;

export interface ControllerOptions {
  size: ScreenSize;
  frameMs?: number;
  /** wall clock for uptime (ms since the epoch) */
  epochNow?: () => number;
  /** monotonic clock for frame timing */
  now?: () => number;
  /** the user asked to quit (q, Ctrl-C) */
  onQuit: () => void;
  /** a state change is about to be applied (the renderer may draw it now or a little later) */
  onFrameStart?: () => void;
  /** called with the duration of every state change (reduce + whatever the renderer did synchronously), in ms */
  onFrame?: (ms: number) => void;
}

export class DashboardController {
  #state: DashboardState;
  readonly #feed: DashboardFeed;
  readonly #options: ControllerOptions;
  readonly #frameMs: number;
  readonly #now: () => number;
  readonly #epochNow: () => number;
  readonly #listeners = new Set<() => void>();
  #queue: DashboardAction[] = [];
  #timer: NodeJS.Timeout | null = null;
  #ticker: NodeJS.Timeout | null = null;
  #lastFlush = -Infinity;
  #unsubscribe: (() => void) | null = null;
  #stopped = false;

  constructor(feed: DashboardFeed, options: ControllerOptions) {
    this.#feed = feed;
    this.#options = options;
    this.#frameMs = options.frameMs ?? DEFAULT_FRAME_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#epochNow = options.epochNow ?? (() => Date.now());
    this.#state = initialDashboardState(options.size, this.#epochNow());
  }

  get state(): DashboardState {
    return this.#state;
  }

  /** The renderer's hook: called after every state change. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#unsubscribe = this.#feed.subscribe((events) => this.#enqueue(events));
    this.#ticker = setInterval(() => this.#enqueue([{ type: 'tick', epochMs: this.#epochNow() }]), 1000);
    this.#ticker.unref();
    this.#run({ kind: 'migration_status' });
    this.#run({ kind: 'functions' });
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#ticker) clearInterval(this.#ticker);
    this.#timer = null;
    this.#ticker = null;
    this.#listeners.clear();
  }

  press(key: KeyPress): void {
    if (this.#stopped) return;
    const outcome = pressKey(this.#state, key);
    this.#commit(outcome.state);
    for (const effect of outcome.effects) this.#run(effect);
  }

  resize(size: ScreenSize): void {
    this.#dispatchNow({ type: 'resize', size });
  }

  /** Applies everything queued now (tests; the throttle otherwise). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#queue.length === 0 || this.#stopped) return;
    const start = this.#now();
    this.#options.onFrameStart?.();
    const queue = this.#queue;
    this.#queue = [];
    this.#lastFlush = start;
    this.#state = reduceAll(this.#state, queue);
    this.#notify();
    this.#options.onFrame?.(this.#now() - start);
  }

  #enqueue(actions: readonly FeedEvent[] | readonly DashboardAction[]): void {
    if (this.#stopped) return;
    for (const action of actions) this.#queue.push(action);
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#lastFlush + this.#frameMs - this.#now());
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  #dispatchNow(action: DashboardAction): void {
    if (this.#stopped) return;
    this.#commit(reduceDashboard(this.#state, action));
  }

  #commit(state: DashboardState): void {
    if (state === this.#state) return;
    const start = this.#now();
    this.#options.onFrameStart?.();
    this.#state = state;
    this.#notify();
    this.#options.onFrame?.(this.#now() - start);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  #run(effect: Effect): void {
    const feed = this.#feed;
    switch (effect.kind) {
      case 'quit':
        this.#options.onQuit();
        return;
      case 'find':
        feed.find(effect.collection, effect.query).then(
          (page) => this.#dispatchNow({ type: 'find_result', requestId: effect.requestId, page }),
          (error: unknown) => this.#dispatchNow({ type: 'find_failed', requestId: effect.requestId, error: errorView(error) }),
        );
        return;
      case 'migration_status':
        feed.migrationStatus().then(
          (report) => this.#dispatchNow({ type: 'migrations', report }),
          (error: unknown) => this.#dispatchNow({ type: 'migrations_failed', message: describe(error) }),
        );
        return;
      case 'migrate':
        feed.migrate(effect.direction, effect.version).then(
          (report) => {
            this.#dispatchNow({ type: 'migrate_result', requestId: effect.requestId, report });
            this.#run({ kind: 'migration_status' });
          },
          (error: unknown) => {
            this.#dispatchNow({ type: 'migrate_failed', requestId: effect.requestId, error: errorView(error) });
            this.#run({ kind: 'migration_status' });
          },
        );
        return;
      case 'invoke':
        feed.invoke(effect.name, effect.input).then(
          (result) => {
            this.#dispatchNow({ type: 'invoke_result', requestId: effect.requestId, result });
            this.#run({ kind: 'functions' });
          },
          (error: unknown) => this.#dispatchNow({ type: 'invoke_failed', requestId: effect.requestId, error: errorView(error) }),
        );
        return;
      case 'functions':
        feed.functions().then(
          (snapshot) => this.#dispatchNow({ type: 'functions', snapshot }),
          (error: unknown) => this.#dispatchNow({ type: 'functions', snapshot: { available: false, reason: describe(error) } }),
        );
        return;
    }
  }
}

function describe(error: unknown): string {
  const view = errorView(error);
  return view.code ? `${view.code}: ${view.message}` : view.message;
}
