// The oplog view: a live tail of the newest entries, a filter, and a pause that freezes the screen
// while entries keep arriving underneath.
import type { OplogRow } from './feed-events.js';
import { matchesOplogFilter, NO_FILTER, parseOplogFilter, type OplogFilter } from './oplog-filter.js';

/** Entries kept in memory (the newest); the full log stays on the server. */
export const OPLOG_KEEP = 1000;

export interface OplogState {
  /** newest last, at most OPLOG_KEEP */
  rows: readonly OplogRow[];
  /** entries reported since the dashboard started (forwarded or not) */
  received: number;
  filter: OplogFilter;
  /** the filter being typed after `/`; null when not typing */
  editing: string | null;
  /** the rows on screen while paused (new ones keep arriving in `rows`) */
  frozen: readonly OplogRow[] | null;
  newWhilePaused: number;
  /** while paused: how many rows above the newest the selection is (0 = newest shown) */
  selected: number;
  /** while paused: the selected entry is shown in full */
  detail: boolean;
  /** why there is no live oplog (no operation log on this server, ...); null when live */
  unavailable: string | null;
}

export const INITIAL_OPLOG: OplogState = {
  rows: [],
  received: 0,
  filter: NO_FILTER,
  editing: null,
  frozen: null,
  newWhilePaused: 0,
  selected: 0,
  detail: false,
  unavailable: null,
};

export function appendOplogRows(state: OplogState, rows: readonly OplogRow[], skipped: number): OplogState {
  if (rows.length === 0 && skipped === 0) return state;
  let kept: readonly OplogRow[];
  if (rows.length >= OPLOG_KEEP) kept = rows.slice(rows.length - OPLOG_KEEP);
  else if (state.rows.length + rows.length > OPLOG_KEEP) kept = state.rows.slice(state.rows.length + rows.length - OPLOG_KEEP).concat(rows);
  else kept = state.rows.concat(rows);
  const arrived = rows.length + skipped;
  return {
    ...state,
    rows: kept,
    received: state.received + arrived,
    newWhilePaused: state.frozen === null ? 0 : state.newWhilePaused + arrived,
    unavailable: null,
  };
}

export function oplogUnavailable(state: OplogState, reason: string): OplogState {
  return { ...state, unavailable: reason };
}

export function togglePause(state: OplogState): OplogState {
  if (state.frozen !== null) return { ...state, frozen: null, newWhilePaused: 0, selected: 0, detail: false };
  return { ...state, frozen: state.rows, newWhilePaused: 0, selected: 0, detail: false };
}

export function startFilterEdit(state: OplogState): OplogState {
  return { ...state, editing: state.filter.text };
}

export function setFilterDraft(state: OplogState, text: string): OplogState {
  return { ...state, editing: text };
}

export function applyFilter(state: OplogState, text: string): OplogState {
  return { ...state, editing: null, filter: parseOplogFilter(text), selected: 0, detail: false };
}

export function cancelFilterEdit(state: OplogState): OplogState {
  return { ...state, editing: null };
}

/** Moves the selection (paused only): positive = older. */
export function moveOplogSelection(state: OplogState, delta: number, visibleCount: number): OplogState {
  if (state.frozen === null) return state;
  const max = Math.max(0, visibleCount - 1);
  return { ...state, selected: Math.min(max, Math.max(0, state.selected + delta)) };
}

export function toggleOplogDetail(state: OplogState): OplogState {
  if (state.frozen === null) return state;
  return { ...state, detail: !state.detail };
}

/** The rows the table shows (oldest first, at most `limit`) and which one is selected (paused only):
 * the newest matching rows, scrolled back far enough to keep the selection on screen. */
export function oplogWindow(state: OplogState, limit: number): { rows: OplogRow[]; selectedIndex: number | null } {
  const newestFirst = newestMatching(state, state.selected + limit);
  const offset = Math.max(0, state.selected - limit + 1);
  const rows = newestFirst.slice(offset, offset + limit).reverse();
  const selectedIndex = state.frozen === null || newestFirst.length === 0 ? null : rows.length - 1 - (Math.min(state.selected, newestFirst.length - 1) - offset);
  return { rows, selectedIndex };
}

/** Every kept row the filter accepts (the selection moves within these). */
export function matchingOplogCount(state: OplogState): number {
  const source = state.frozen ?? state.rows;
  let n = 0;
  for (const row of source) if (matchesOplogFilter(row, state.filter)) n++;
  return n;
}

/** The selected row while paused. */
export function selectedOplogRow(state: OplogState): OplogRow | null {
  if (state.frozen === null) return null;
  return newestMatching(state, state.selected + 1)[state.selected] ?? null;
}

/** Up to `limit` rows the filter accepts, newest first. */
function newestMatching(state: OplogState, limit: number): OplogRow[] {
  const source = state.frozen ?? state.rows;
  const out: OplogRow[] = [];
  for (let i = source.length - 1; i >= 0 && out.length < limit; i--) {
    const row = source[i]!;
    if (matchesOplogFilter(row, state.filter)) out.push(row);
  }
  return out;
}
