// The dashboard's feed for `aerodb dashboard`: a running server through its admin API. Stats and
// the migration status are polled; the operation log arrives live over GET /admin/oplog (SSE);
// the problems view gets the same events the server's watchers produce, by diffing the polled
// status with the watcher's own diff.
import type { DatabaseStats } from '../../engine/database-types.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { Explain } from '../../engine/query/explain-types.js';
import type { Doc, Query } from '../../engine/types.js';
import type { DashboardFeed } from '../../ui/dashboard-feed.js';
import type { FindPage } from '../../ui/models/effects.js';
import type { FeedEvent, FunctionsSnapshot, InvocationResult, OplogRow, ServerSummary } from '../../ui/models/feed-events.js';
import { oplogRowOf } from '../../ui/models/oplog-entry-view.js';
import { OPLOG_KEEP } from '../../ui/models/oplog-model.js';
import type { MigrateRunReport, MigrationStatusReport } from '../report-types.js';
import { diffProjectStates, EMPTY_PROJECT_STATE, nextProjectState, type ProjectState } from '../watchers/project-state.js';
import { describeTrigger, type FunctionSummary as ServerFunctionSummary } from '../functions/function-summaries.js';
import { BatchedEmitter } from './batched-emitter.js';
import { FEED_INTERVAL_MS, STATS_INTERVAL_MS } from './in-process-feed.js';
import type { ServerClient } from './server-client.js';

/** every status read is itself an operation (it reads _system.migrations): not too often */
const STATUS_INTERVAL_MS = 5000;
const RECONNECT_MS = 1000;
/** entries of the backlog the stream starts with */
const BACKLOG = 200;
const FUNCTION_LOG_LINES = 10;

/** What GET /admin/functions and .../logs answer (the fields used here). */
type RemoteFunction = Pick<ServerFunctionSummary, 'name' | 'status' | 'version' | 'triggers'>;
interface RemoteLogEntry {
  level: string;
  message: string;
}


export interface RemoteFeedOptions {
  /** what server.json and keys.json said (url, pid, start time, keys) */
  summary: Omit<ServerSummary, 'version' | 'mode'>;
  intervalMs?: number;
  statsIntervalMs?: number;
  statusIntervalMs?: number;
  now?: () => number;
}

export class RemoteFeed implements DashboardFeed {
  readonly #client: ServerClient;
  readonly #options: RemoteFeedOptions;
  readonly #emitter: BatchedEmitter;
  readonly #now: () => number;
  readonly #abort = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  #events: FeedEvent[] = [];
  #rows: OplogRow[] = [];
  #skipped = 0;
  #lastSeq = 0;
  /** oplog entries received: the ops/s counter (sampled-out operations are not streamed) */
  #received = 0;
  #project: ProjectState = EMPTY_PROJECT_STATE;
  #connected = true;
  #lostMessage = '';
  #oplogStreamed = true;
  #started = false;

  constructor(client: ServerClient, options: RemoteFeedOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#emitter = new BatchedEmitter(options.intervalMs ?? FEED_INTERVAL_MS, () => this.#collect());
  }

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    const unsubscribe = this.#emitter.subscribe(listener);
    if (!this.#started) this.#start();
    return unsubscribe;
  }

  async find(collection: string, query: Query): Promise<FindPage> {
    const path = `/api/collections/${encodeURIComponent(collection)}`;
    const [page, explain] = await Promise.all([
      this.#client.data<Doc[]>('POST', `${path}/query`, query),
      // analyze runs the query once more on the server: the plan and what it scanned
      this.#client.admin<Explain>('POST', '/admin/explain', { collection, query, analyze: true }),
    ]);
    const cursor = page.meta['next_cursor'];
    return { data: page.data, next_cursor: typeof cursor === 'string' ? cursor : null, explain, documents_scanned: explain.analyze?.documents_scanned ?? null };
  }

  migrationStatus(): Promise<MigrationStatusReport> {
    return this.#client.admin<MigrationStatusReport>('GET', '/admin/migrations');
  }

  migrate(direction: 'up' | 'down', version: string): Promise<MigrateRunReport> {
    // a migration that backfills many documents may take minutes: no timeout
    return this.#client.admin<MigrateRunReport>('POST', `/admin/migrations/${direction}`, { version }, null);
  }

  async functions(): Promise<FunctionsSnapshot> {
    let list: RemoteFunction[];
    try {
      list = await this.#client.admin<RemoteFunction[]>('GET', '/admin/functions');
    } catch (error) {
      if (error instanceof AeroError && (error.code === 'AERO_NOT_FOUND' || error.code === 'AERO_INTERNAL_NOT_IMPLEMENTED')) return { available: false, reason: error.message };
      throw error;
    }
    const functions = await Promise.all(
      list.map(async (fn) => {
        const logs = await this.#client.admin<RemoteLogEntry[]>('GET', `/admin/functions/${encodeURIComponent(fn.name)}/logs?limit=${FUNCTION_LOG_LINES}`).catch(() => []);
        return {
          name: fn.name,
          status: fn.status,
          version: fn.version,
          triggers: fn.triggers.map((t) => describeTrigger(t, fn.name)),
          // recent invocations are in the oplog view (operation function); the admin API has no list of them
          last_invocations: [],
          logs: logs.map((e) => `${e.level} ${e.message}`),
        };
      }),
    );
    return { available: true, functions };
  }

  invoke(name: string, input: unknown): Promise<InvocationResult> {
    return this.#client.admin<InvocationResult>('POST', `/admin/functions/${encodeURIComponent(name)}/invoke`, { input }, null);
  }

  async close(): Promise<void> {
    this.#abort.abort();
    for (const t of this.#timers) clearInterval(t);
    this.#emitter.close();
    this.#client.close();
  }

  #start(): void {
    this.#started = true;
    void this.#announce();
    this.#every(this.#options.statsIntervalMs ?? STATS_INTERVAL_MS, () => this.#pollStats());
    this.#every(this.#options.statusIntervalMs ?? STATUS_INTERVAL_MS, () => this.#pollStatus());
    this.#every(this.#options.statusIntervalMs ?? STATUS_INTERVAL_MS, () => this.#pollFunctions());
    void this.#followOplog();
  }

  #every(ms: number, run: () => Promise<void>): void {
    void run();
    const timer = setInterval(() => void run(), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  async #announce(): Promise<void> {
    try {
      const health = await this.#client.admin<{ version: string; uptime_s: number }>('GET', '/api/health');
      const startedAt = this.#options.summary.started_at || new Date(Date.now() - health.uptime_s * 1000).toISOString();
      this.#push({ type: 'server', info: { ...this.#options.summary, started_at: startedAt, version: health.version, mode: 'attached' } });
    } catch (error) {
      this.#lost(error);
    }
  }

  async #pollStats(): Promise<void> {
    try {
      const stats = await this.#client.admin<DatabaseStats>('GET', '/admin/stats');
      this.#reconnected();
      this.#push({ type: 'stats', sample: { atMs: this.#now(), stats, opsTotal: this.#oplogStreamed ? this.#received : null } });
    } catch (error) {
      this.#lost(error);
    }
  }

  async #pollStatus(): Promise<void> {
    let next: ProjectState;
    try {
      const report = await this.migrationStatus();
      this.#push({ type: 'migrations', report });
      next = nextProjectState(this.#project, { entries: report.migrations, problems: report.problems }, report.drift);
    } catch (error) {
      if (!(error instanceof AeroError) || error.code === 'AERO_INTERNAL') return this.#lost(error);
      // migrations/ cannot be read: the server answers with that error (drift as last known)
      next = nextProjectState(this.#project, error, this.#project.drift);
    }
    for (const event of diffProjectStates(this.#project, next)) this.#push({ type: 'watch', event });
    this.#project = next;
  }

  async #pollFunctions(): Promise<void> {
    try {
      this.#push({ type: 'functions', snapshot: await this.functions() });
    } catch (error) {
      this.#lost(error);
    }
  }

  /** Follows the live oplog; reconnects after a lost connection, without repeating entries. */
  async #followOplog(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        let live = false;
        const reason = await this.#client.stream(`/admin/oplog?follow=true&limit=${BACKLOG}`, (event, data) => {
          if (event === 'entry') this.#onEntry(data, live);
          // the backlog is shown, but only live entries count towards ops/s
          else if (event === 'ready') live = true;
        }, signal);
        if (signal.aborted) return;
        this.#lost(new Error(`the oplog stream ended: ${reason}`));
      } catch (error) {
        if (error instanceof AeroError && error.code === 'AERO_NOT_FOUND') {
          this.#oplogStreamed = false;
          this.#push({ type: 'oplog_unavailable', reason: error.message });
          return;
        }
        this.#lost(error);
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS).unref());
    }
  }

  #onEntry(line: string, live: boolean): void {
    const row = oplogRowOf(line, this.#lastSeq + 1);
    if (row === null || row.seq <= this.#lastSeq) return;
    this.#lastSeq = row.seq;
    if (live) this.#received++;
    this.#rows.push(row);
    if (this.#rows.length > 2 * OPLOG_KEEP) {
      this.#skipped += this.#rows.length - OPLOG_KEEP;
      this.#rows = this.#rows.slice(this.#rows.length - OPLOG_KEEP);
    }
    this.#emitter.poke();
  }

  #lost(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.#connected && message === this.#lostMessage) return;
    this.#connected = false;
    this.#lostMessage = message;
    this.#push({ type: 'connection', connected: false, message });
  }

  #reconnected(): void {
    if (this.#connected) return;
    this.#connected = true;
    this.#lostMessage = '';
    this.#push({ type: 'connection', connected: true, message: '' });
  }

  #push(event: FeedEvent): void {
    this.#events.push(event);
    this.#emitter.poke();
  }

  #collect(): FeedEvent[] {
    const events = this.#events;
    this.#events = [];
    if (this.#rows.length > 0 || this.#skipped > 0) {
      let rows = this.#rows;
      let skipped = this.#skipped;
      if (rows.length > OPLOG_KEEP) {
        skipped += rows.length - OPLOG_KEEP;
        rows = rows.slice(rows.length - OPLOG_KEEP);
      }
      events.push({ type: 'oplog', rows, skipped });
      this.#rows = [];
      this.#skipped = 0;
    }
    return events;
  }
}
