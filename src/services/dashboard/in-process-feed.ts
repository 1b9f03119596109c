// The dashboard's feed inside `aerodb serve`: the database, the migration hooks and the watchers
// of this process, without HTTP. The request path only ever appends to bounded buffers (the log
// ring, the oplog listener's batch list); everything else happens once per batch interval.
import type { Database } from '../../engine/database-types.js';
import { SERVICE_CONTEXT } from '../../engine/database-types.js';
import type { OplogLine } from '../../engine/oplog/oplog-window.js';
import type { Query } from '../../engine/types.js';
import type { DashboardFeed } from '../../ui/dashboard-feed.js';
import type { FindPage } from '../../ui/models/effects.js';
import type { FeedEvent, FunctionsSnapshot, InvocationResult, OplogRow, ServerSummary } from '../../ui/models/feed-events.js';
import { OPLOG_KEEP } from '../../ui/models/oplog-model.js';
import type { ServerMigrationHooks } from '../server-migration-hooks.js';
import type { WatchEvent } from '../watchers/watch-events.js';
import { BatchedEmitter } from './batched-emitter.js';
import { LogTail } from './log-tail.js';

/** How often batches go out (the feed side of the render throttle). */
export const FEED_INTERVAL_MS = 100;
export const STATS_INTERVAL_MS = 1000;
const LOG_LINES = 50;

export interface ServeRuntime {
  db: Database;
  migrations: ServerMigrationHooks;
  info: ServerSummary;
  /** the functions runtime, when this server runs one */
  functions?: FunctionsAccess;
}

/** What the dashboard uses of the functions runtime. */
export interface FunctionsAccess {
  snapshot(): Promise<FunctionsSnapshot>;
  invoke(name: string, input: unknown): Promise<InvocationResult>;
  /** calls `listener` when something changed (a deploy, a log line), until the returned function is called */
  onChange(listener: () => void): () => void;
}

export interface InProcessFeedOptions {
  intervalMs?: number;
  statsIntervalMs?: number;
  /** monotonic ms for stats samples */
  now?: () => number;
  /** at most one functions snapshot per this many ms however often functions log (default 1000) */
  functionsIntervalMs?: number;
}

export class InProcessFeed implements DashboardFeed {
  readonly #emitter: BatchedEmitter;
  readonly #log = new LogTail(LOG_LINES);
  readonly #now: () => number;
  readonly #statsIntervalMs: number;
  readonly #functionsIntervalMs: number;
  #functionsChanged = false;
  #functionsTimer: NodeJS.Timeout | null = null;
  #unsubscribeFunctions: (() => void) | null = null;
  #runtime: ServeRuntime | null = null;
  #events: FeedEvent[] = [];
  /** oplog batches not yet sent, oldest first; trimmed to OPLOG_KEEP rows */
  #oplog: Array<readonly OplogLine[]> = [];
  #oplogRows = 0;
  #oplogSkipped = 0;
  #watchChanged = false;
  #lastStatsAt = -Infinity;
  #unsubscribeOplog: (() => void) | null = null;
  #statsTimer: NodeJS.Timeout | null = null;

  constructor(options: InProcessFeedOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#statsIntervalMs = options.statsIntervalMs ?? STATS_INTERVAL_MS;
    this.#functionsIntervalMs = options.functionsIntervalMs ?? 1000;
    this.#emitter = new BatchedEmitter(options.intervalMs ?? FEED_INTERVAL_MS, () => this.#collect());
  }

  /** A server log line (access log, warnings): kept in a ring, never printed while the dashboard runs. */
  log(line: string): void {
    this.#log.add(line);
    this.#emitter.poke();
  }

  watchEvent(event: WatchEvent): void {
    this.#events.push({ type: 'watch', event });
    this.#watchChanged = true;
    this.#emitter.poke();
  }

  watchError(message: string): void {
    this.#events.push({ type: 'watch_error', message });
    this.#emitter.poke();
  }

  /** The server is up: stats, the oplog and the migration actions become available. */
  attach(runtime: ServeRuntime): void {
    this.#runtime = runtime;
    this.#events.push({ type: 'server', info: runtime.info });
    const oplog = runtime.db.oplog;
    if (oplog === null) {
      this.#events.push({ type: 'oplog_unavailable', reason: 'the operation log is off ([observability.oplog] enabled = false in aerodb.toml)' });
    } else {
      this.#unsubscribeOplog = oplog.subscribe((entries) => this.#onOplog(entries));
    }
    this.#sampleStats();
    this.#statsTimer = setInterval(() => this.#sampleStats(), this.#statsIntervalMs);
    this.#statsTimer.unref();
    if (runtime.functions) {
      // a deploy, a build failure or a log line: a fresh snapshot, at most once per interval
      this.#unsubscribeFunctions = runtime.functions.onChange(() => {
        this.#functionsChanged = true;
      });
      this.#functionsTimer = setInterval(() => this.#refreshFunctions(), this.#functionsIntervalMs);
      this.#functionsTimer.unref();
    }
    this.#emitter.poke();
  }

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    return this.#emitter.subscribe(listener);
  }

  async find(collection: string, query: Query): Promise<FindPage> {
    const db = this.#require().db.withContext({ ...SERVICE_CONTEXT, source: 'cli' });
    const result = await db.find(collection, query);
    return { data: result.data, next_cursor: result.next_cursor, explain: result.explain, documents_scanned: result.documents_scanned };
  }

  migrationStatus() {
    return this.#require().migrations.status();
  }

  migrate(direction: 'up' | 'down', version: string) {
    const hooks = this.#require().migrations;
    return direction === 'up' ? hooks.up(version) : hooks.down(version);
  }

  async functions(): Promise<FunctionsSnapshot> {
    const functions = this.#runtime?.functions;
    if (!functions) return { available: false, reason: 'this server runs no function runtime' };
    return functions.snapshot();
  }

  invoke(name: string, input: unknown): Promise<InvocationResult> {
    const functions = this.#require().functions;
    if (!functions) return Promise.reject(new Error('this server runs no function runtime'));
    return functions.invoke(name, input);
  }

  async close(): Promise<void> {
    this.#unsubscribeOplog?.();
    this.#unsubscribeOplog = null;
    this.#unsubscribeFunctions?.();
    this.#unsubscribeFunctions = null;
    if (this.#functionsTimer) clearInterval(this.#functionsTimer);
    this.#functionsTimer = null;
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#statsTimer = null;
    this.#emitter.close();
  }

  #require(): ServeRuntime {
    if (this.#runtime === null) throw new Error('the server is still starting');
    return this.#runtime;
  }

  /** On the request path (once per oplog drain): keep the batch, drop the oldest beyond OPLOG_KEEP. */
  #onOplog(entries: readonly OplogLine[]): void {
    this.#oplog.push(entries);
    this.#oplogRows += entries.length;
    while (this.#oplog.length > 1 && this.#oplogRows - this.#oplog[0]!.length >= OPLOG_KEEP) {
      const dropped = this.#oplog.shift()!;
      this.#oplogRows -= dropped.length;
      this.#oplogSkipped += dropped.length;
    }
    this.#emitter.poke();
  }

  #refreshFunctions(): void {
    if (!this.#functionsChanged) return;
    this.#functionsChanged = false;
    this.functions().then(
      (snapshot) => {
        this.#events.push({ type: 'functions', snapshot });
        this.#emitter.poke();
      },
      () => undefined,
    );
  }

  #sampleStats(): void {
    const runtime = this.#runtime;
    if (runtime === null) return;
    this.#lastStatsAt = this.#now();
    const opsTotal = runtime.db.oplog?.stats().seq ?? null;
    this.#events.push({ type: 'stats', sample: { atMs: this.#lastStatsAt, stats: runtime.db.stats(), opsTotal } });
    this.#emitter.poke();
  }

  /** Once per interval: everything pending as one batch. */
  #collect(): FeedEvent[] {
    const events = this.#events;
    this.#events = [];
    const lines = this.#log.take();
    if (lines.length > 0) events.push({ type: 'log', lines });
    if (this.#oplogRows > 0 || this.#oplogSkipped > 0) {
      let rows: OplogRow[] = this.#oplog.length === 1 ? (this.#oplog[0] as OplogRow[]) : ([] as OplogRow[]).concat(...this.#oplog);
      let skipped = this.#oplogSkipped;
      if (rows.length > OPLOG_KEEP) {
        skipped += rows.length - OPLOG_KEEP;
        rows = rows.slice(rows.length - OPLOG_KEEP);
      }
      events.push({ type: 'oplog', rows, skipped });
      this.#oplog = [];
      this.#oplogRows = 0;
      this.#oplogSkipped = 0;
    }
    if (this.#watchChanged && this.#runtime !== null) {
      // the watchers changed something: the migrations view gets the fresh status with the next batch
      this.#watchChanged = false;
      const hooks = this.#runtime.migrations;
      hooks.status().then(
        (report) => {
          this.#events.push({ type: 'migrations', report });
          this.#emitter.poke();
        },
        (error: unknown) => {
          this.#events.push({ type: 'migrations_failed', message: error instanceof Error ? error.message : String(error) });
          this.#emitter.poke();
        },
      );
    }
    return events;
  }
}
