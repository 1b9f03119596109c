// The collections view: the list (counts, indexes, schema version from the stats), then per
// collection a document browser (page by page, by cursor) and a JSON query shown beside its explain.
import type { DatabaseStats } from '../../engine/database-types.js';
import type { Query } from '../../engine/types.js';
import { DEFAULT_LIMIT } from '../../server/http/rest-query.js';
import type { ErrorView, FindPage } from './effects.js';

export type Fetch = { status: 'loading'; requestId: number } | { status: 'ready'; page: FindPage } | { status: 'failed'; error: ErrorView };

export interface BrowseState {
  kind: 'browse';
  collection: string;
  /** the cursor each page shown so far started from (null = the first page); the last is the current page */
  cursors: ReadonlyArray<string | null>;
  fetch: Fetch;
  selected: number;
  /** the selected document is shown in full */
  detail: boolean;
}

export interface QueryState {
  kind: 'query';
  collection: string;
  /** the JSON being typed; null once it ran */
  editing: string | null;
  /** the last text run (edited again with `f`) */
  text: string;
  fetch: Fetch | null;
  /** the text was not a JSON object */
  parseError: string | null;
}

export interface CollectionsState {
  selected: number;
  mode: { kind: 'list' } | BrowseState | QueryState;
}

export const INITIAL_COLLECTIONS: CollectionsState = { selected: 0, mode: { kind: 'list' } };

/** What the query editor starts with. */
export const QUERY_TEMPLATE = '{"filter": {}, "limit": 20}';

export function startBrowse(state: CollectionsState, collection: string, requestId: number): CollectionsState {
  return { ...state, mode: { kind: 'browse', collection, cursors: [null], fetch: { status: 'loading', requestId }, selected: 0, detail: false } };
}

/** The next page (when there is one): null when the current page is the last or still loading. */
export function nextPageCursor(mode: BrowseState): string | null {
  return mode.fetch.status === 'ready' ? mode.fetch.page.next_cursor : null;
}

export function pageForward(mode: BrowseState, requestId: number): BrowseState {
  const cursor = nextPageCursor(mode);
  if (cursor === null) return mode;
  return { ...mode, cursors: mode.cursors.concat(cursor), fetch: { status: 'loading', requestId }, selected: 0, detail: false };
}

export function pageBack(mode: BrowseState, requestId: number): BrowseState {
  if (mode.cursors.length <= 1) return mode;
  return { ...mode, cursors: mode.cursors.slice(0, -1), fetch: { status: 'loading', requestId }, selected: 0, detail: false };
}

export function browseQuery(mode: BrowseState, pageSize: number): Query {
  const cursor = mode.cursors[mode.cursors.length - 1] ?? null;
  return cursor === null ? { limit: pageSize } : { limit: pageSize, cursor };
}

export function startQuery(state: CollectionsState, collection: string, previous: string | null): CollectionsState {
  const text = previous ?? QUERY_TEMPLATE;
  return { ...state, mode: { kind: 'query', collection, editing: text, text, fetch: null, parseError: null } };
}

/**
 * Parses the typed query; a JSON object runs as is (the engine reports unknown keys by name),
 * with the REST API's default limit when it has none, so both dashboards run the same query.
 */
export function parseQueryText(text: string): { query: Query } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'the query must be a JSON object like {"filter": {"status": "published"}, "limit": 20}' };
  const query = parsed as Query;
  return { query: query.limit === undefined ? { ...query, limit: DEFAULT_LIMIT } : query };
}

/** Applies a find result to whichever mode asked for it (a stale answer is dropped). */
export function applyFindResult(state: CollectionsState, requestId: number, outcome: Fetch): CollectionsState {
  const mode = state.mode;
  if (mode.kind === 'list' || mode.fetch === null || mode.fetch.status !== 'loading' || mode.fetch.requestId !== requestId) return state;
  return { ...state, mode: { ...mode, fetch: outcome } };
}

export function moveCollectionSelection(state: CollectionsState, delta: number, count: number): CollectionsState {
  if (state.mode.kind === 'browse') {
    const fetch = state.mode.fetch;
    const max = fetch.status === 'ready' ? Math.max(0, fetch.page.data.length - 1) : 0;
    return { ...state, mode: { ...state.mode, selected: Math.min(max, Math.max(0, state.mode.selected + delta)) } };
  }
  if (state.mode.kind === 'list') return { ...state, selected: Math.min(Math.max(0, count - 1), Math.max(0, state.selected + delta)) };
  return state;
}

export function toggleDocumentDetail(mode: BrowseState): BrowseState {
  return mode.fetch.status === 'ready' && mode.fetch.page.data.length > 0 ? { ...mode, detail: !mode.detail } : mode;
}

/** The collections in list order: the project's own first, then the `_system.*` ones (both by name). */
export function orderedCollections(stats: DatabaseStats | null): DatabaseStats['collections'] {
  if (stats === null) return [];
  const system = (name: string) => name.startsWith('_system.');
  return stats.collections.filter((c) => !system(c.name)).concat(stats.collections.filter((c) => system(c.name)));
}
