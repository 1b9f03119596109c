// What a dashboard feed (in-process for `aerodb serve`, admin API + SSE for `aerodb dashboard`)
// reports, in batches. The models reduce these; nothing here touches a terminal.
import type { DatabaseStats } from '../../engine/database-types.js';
import type { MigrationStatusReport } from '../../services/report-types.js';
import type { WatchEvent } from '../../services/watchers/watch-events.js';

/** One operation-log entry as the oplog view keeps it: the filterable fields plus its JSON line,
 * parsed only when the row is on screen (a burst of thousands per second is never parsed). */
export interface OplogRow {
  readonly seq: number;
  readonly epochMs: number;
  readonly collection: string | null;
  readonly operation: string;
  readonly slow: boolean;
  readonly line: string;
}

export interface ServerSummary {
  url: string;
  version: string;
  pid: number;
  /** ISO time the server became ready */
  started_at: string;
  /** null when the dashboard has no access to .aerodb/keys.json (attached with --url only) */
  keys: { anon: string; service: string } | null;
  /** serve: the dashboard runs inside `aerodb serve`; attached: `aerodb dashboard` over HTTP */
  mode: 'serve' | 'attached';
}

export interface StatsSample {
  /** when the sample was taken (monotonic ms of the feed's clock) */
  atMs: number;
  stats: DatabaseStats;
  /** operations counted so far (the operation log's sequence, sampled-out ones included); null without an oplog */
  opsTotal: number | null;
}

/** What the functions view can show: a list when the server runs functions, else why not. */
export type FunctionsSnapshot =
  | { available: false; reason: string }
  | { available: true; functions: FunctionSummary[] };

export interface FunctionSummary {
  name: string;
  /** deployed: serving; not_deployed: only in functions/ (or its build failed); source_missing: deployed, directory gone */
  status: 'deployed' | 'not_deployed' | 'source_missing';
  /** the serving version; null when none is */
  version: number | null;
  /** one line per trigger, e.g. "http POST /api/functions/hello" */
  triggers: string[];
  last_invocations: Array<{ id: string; at: string; duration_ms: number; status: 'ok' | 'error'; error_code: string | null }>;
  /** the newest log lines, oldest first, as "<level> <message>" */
  logs: string[];
}

/** What an invocation from the dashboard returned. */
export interface InvocationResult {
  invocation_id: string;
  version: number;
  value: unknown;
  duration_ms: number;
}

export type FeedEvent =
  | { type: 'server'; info: ServerSummary }
  | { type: 'stats'; sample: StatsSample }
  /** new entries, oldest first; `skipped` entries of the same interval were not forwarded (only the newest are kept) */
  | { type: 'oplog'; rows: OplogRow[]; skipped: number }
  | { type: 'oplog_unavailable'; reason: string }
  | { type: 'watch'; event: WatchEvent }
  /** the watcher itself failed (not the project) */
  | { type: 'watch_error'; message: string }
  | { type: 'migrations'; report: MigrationStatusReport }
  | { type: 'migrations_failed'; message: string }
  | { type: 'functions'; snapshot: FunctionsSnapshot }
  /** the server's own log lines (access log, warnings), already time-stamped */
  | { type: 'log'; lines: string[] }
  | { type: 'connection'; connected: boolean; message: string };
