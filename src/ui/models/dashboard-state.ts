// The whole dashboard as one value, and the reducer that feed events and request results go
// through. Pure: the same actions in the same order give the same state.
import type { DatabaseStats } from '../../engine/database-types.js';
import { applyFindResult, INITIAL_COLLECTIONS, type CollectionsState } from './collections-model.js';
import type { ResultAction } from './effects.js';
import type { FeedEvent, ServerSummary } from './feed-events.js';
import { functionProblems, INITIAL_FUNCTIONS, invocationFinished, setFunctionsSnapshot, type FunctionsState } from './functions-model.js';
import type { ScreenSize } from './layout.js';
import { INITIAL_MIGRATIONS, migrationFinished, setMigrationLoadError, setMigrationReport, type MigrationsState } from './migrations-model.js';
import { appendOplogRows, INITIAL_OPLOG, oplogUnavailable, type OplogState } from './oplog-model.js';
import { appendLog, INITIAL_OVERVIEW, recordStatsSample, withOplogFigures, type OverviewState } from './overview-model.js';
import { addWatcherError, applyWatchEvent, INITIAL_PROBLEMS, removeProblem, upsertProblem, type ProblemsState } from './problems-model.js';
import type { ViewId } from './view-ids.js';

export interface DashboardState {
  view: ViewId;
  /** the `?` overlay listing every key */
  help: boolean;
  size: ScreenSize;
  /** wall-clock time of the last tick (uptime is computed from it) */
  clockEpochMs: number;
  server: ServerSummary | null;
  stats: DatabaseStats | null;
  connection: { connected: boolean; message: string };
  overview: OverviewState;
  collections: CollectionsState;
  migrations: MigrationsState;
  oplog: OplogState;
  functions: FunctionsState;
  problems: ProblemsState;
  /** the id the next request effect gets (results carry it back) */
  nextRequestId: number;
}

export type DashboardAction =
  | FeedEvent
  | ResultAction
  | { type: 'tick'; epochMs: number }
  | { type: 'resize'; size: ScreenSize };

export function initialDashboardState(size: ScreenSize, clockEpochMs: number): DashboardState {
  return {
    view: 'overview',
    help: false,
    size,
    clockEpochMs,
    server: null,
    stats: null,
    connection: { connected: true, message: '' },
    overview: INITIAL_OVERVIEW,
    collections: INITIAL_COLLECTIONS,
    migrations: INITIAL_MIGRATIONS,
    oplog: INITIAL_OPLOG,
    functions: INITIAL_FUNCTIONS,
    problems: INITIAL_PROBLEMS,
    nextRequestId: 1,
  };
}

export function reduceDashboard(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'server':
      return { ...state, server: action.info };
    case 'stats': {
      const figures = { seen: state.oplog.received, slowKept: state.oplog.rows.reduce((n, r) => n + (r.slow ? 1 : 0), 0), keptRows: state.oplog.rows.length };
      return { ...state, stats: action.sample.stats, overview: withOplogFigures(recordStatsSample(state.overview, action.sample), figures) };
    }
    case 'oplog':
      return { ...state, oplog: appendOplogRows(state.oplog, action.rows, action.skipped) };
    case 'oplog_unavailable':
      return { ...state, oplog: oplogUnavailable(state.oplog, action.reason) };
    case 'watch':
      return { ...state, problems: applyWatchEvent(state.problems, action.event) };
    case 'watch_error':
      return { ...state, problems: addWatcherError(state.problems, action.message) };
    case 'migrations':
      return { ...state, migrations: setMigrationReport(state.migrations, action.report) };
    case 'migrations_failed':
      return { ...state, migrations: setMigrationLoadError(state.migrations, action.message) };
    case 'functions':
      return { ...state, functions: setFunctionsSnapshot(state.functions, action.snapshot), problems: syncFunctionProblems(state.problems, action.snapshot) };
    case 'log':
      return { ...state, overview: appendLog(state.overview, action.lines) };
    case 'connection':
      return { ...state, connection: { connected: action.connected, message: action.message } };
    case 'find_result':
      return { ...state, collections: applyFindResult(state.collections, action.requestId, { status: 'ready', page: action.page }) };
    case 'find_failed':
      return { ...state, collections: applyFindResult(state.collections, action.requestId, { status: 'failed', error: action.error }) };
    case 'migrate_result':
      return { ...state, migrations: migrationFinished(state.migrations, action.requestId, { report: action.report }) };
    case 'migrate_failed':
      return { ...state, migrations: migrationFinished(state.migrations, action.requestId, { error: action.error }) };
    case 'invoke_result':
      return { ...state, functions: invocationFinished(state.functions, action.requestId, { value: action.result }) };
    case 'invoke_failed':
      return { ...state, functions: invocationFinished(state.functions, action.requestId, { error: action.error }) };
    case 'tick':
      return { ...state, clockEpochMs: action.epochMs };
    case 'resize':
      return { ...state, size: action.size };
  }
}

/** Reduces a batch in order (one render per batch, not per event). */
export function reduceAll(state: DashboardState, actions: readonly DashboardAction[]): DashboardState {
  let next = state;
  for (const action of actions) next = reduceDashboard(next, action);
  return next;
}

/** The functions' build problems as the newest snapshot says: new ones added, fixed ones gone. */
function syncFunctionProblems(problems: ProblemsState, snapshot: Parameters<typeof functionProblems>[0]): ProblemsState {
  const current = functionProblems(snapshot);
  const keys = new Set(current.map((p) => p.key));
  let next = problems;
  for (const p of problems.items) if (p.area === 'functions' && !keys.has(p.key)) next = removeProblem(next, p.key);
  for (const p of current) next = upsertProblem(next, p);
  return next;
}
