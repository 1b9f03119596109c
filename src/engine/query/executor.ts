// Runs a plan: one page of at most `limit` documents that passed every predicate (the limit applies
// AFTER filtering), a cursor when more exist, and optionally the exact total.
import type { Doc } from '../types.js';
import { encodeCursor } from './cursor.js';
import type { ScanStats } from './doc-stream.js';
import { openPlan } from './open-plan.js';
import type { Plan } from './plan-types.js';

export interface PageResult {
  docs: Doc[];
  next_cursor: string | null;
  /** exact number of documents matching the filter (ignoring cursor and limit), when asked */
  count: number | undefined;
  /** entries examined, including the one-document look-ahead and the count pass */
  scanned: number;
}

export function runPlan(plan: Plan, store: ReadonlyMap<string, Doc>, limit: number, cursor: readonly unknown[] | undefined, withCount: boolean): PageResult {
  const stats: ScanStats = { scanned: 0 };
  const stream = openPlan(plan, store, cursor, stats);
  const docs: Doc[] = [];
  let next_cursor: string | null = null;
  while (stream.advance()) {
    docs.push(stream.doc);
    if (docs.length === limit) {
      const lastKey = stream.orderKey();
      // look one document ahead so the last page says so (next_cursor null)
      if (stream.advance()) next_cursor = encodeCursor(lastKey);
      break;
    }
  }
  let count: number | undefined;
  if (withCount) {
    const counter = openPlan(plan, store, undefined, stats);
    count = 0;
    while (counter.advance()) count++;
  }
  return { docs, next_cursor, count, scanned: stats.scanned };
}
