// What a key press asks the outside world to do (the controller runs these against the feed and
// reports back with a result action), and those result actions.
import type { Doc, Query } from '../../engine/types.js';
import type { Explain } from '../../engine/query/explain-types.js';
import type { MigrateRunReport } from '../../services/report-types.js';
import type { InvocationResult } from './feed-events.js';

export type Effect =
  | { kind: 'quit' }
  | { kind: 'find'; requestId: number; collection: string; query: Query }
  | { kind: 'migration_status' }
  /** up: apply pending migrations through `version`; down: roll back everything above `version` */
  | { kind: 'migrate'; requestId: number; direction: 'up' | 'down'; version: string }
  | { kind: 'functions' }
  | { kind: 'invoke'; requestId: number; name: string; input: unknown };

/** One page of a find: the documents, the cursor of the next page and the plan it ran with. */
export interface FindPage {
  data: Doc[];
  next_cursor: string | null;
  explain: Explain | null;
  documents_scanned: number | null;
}

/** An error as the dashboard shows it: code, message naming the culprit, and the fix. */
export interface ErrorView {
  code: string | null;
  message: string;
  hint: string | null;
}

export type ResultAction =
  | { type: 'find_result'; requestId: number; page: FindPage }
  | { type: 'find_failed'; requestId: number; error: ErrorView }
  | { type: 'migrate_result'; requestId: number; report: MigrateRunReport }
  | { type: 'migrate_failed'; requestId: number; error: ErrorView }
  | { type: 'invoke_result'; requestId: number; result: InvocationResult }
  | { type: 'invoke_failed'; requestId: number; error: ErrorView };

export function errorView(error: unknown): ErrorView {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; hint?: unknown };
    return { code: typeof e.code === 'string' ? e.code : null, message: String(e.message), hint: typeof e.hint === 'string' && e.hint !== '' ? e.hint : null };
  }
  return { code: null, message: error instanceof Error ? error.message : String(error), hint: null };
}
