// What the Database hands the operation log for one operation: references and numbers, no strings
// formatted. The log turns it into the entry's line at once (entry-builder.ts) and drops it, so it
// dies young.
import type { CallContext } from '../database-types.js';
import type { Explain } from '../query/explain-types.js';
import type { Doc } from '../types.js';
import { jsonNumber, jsonString } from './json-text.js';
import type { OplogOperation } from './oplog-entry.js';

/** Where a write's affected _ids come from: the written document(s), or the deleted _id. */
export type WrittenIds = Doc | readonly Doc[] | string | null;

export class Observation {
  /** set by the log: the operation's sequence number (its entry _id) */
  seq = 0;
  /** set by the log: duration_ms >= threshold_ms */
  slow = false;
  /** set by the log: the schema generation the read ran under (-1 while a schema change is in flight) */
  generation = -1;

  constructor(
    readonly operation: OplogOperation,
    readonly collection: string | null,
    readonly ctx: CallContext,
    /** clock.now() when the operation started */
    readonly startedMs: number,
    readonly durationMs: number,
    /** the filter's JSON text (queryJson), or an owned copy (copyFilter), never the caller's object */
    readonly filter: Record<string, unknown> | string | null,
    readonly scanned: number,
    readonly returned: number,
    readonly index: string | null,
    readonly explain: Explain | null,
    /** the thrown value; undefined when the operation succeeded */
    readonly error: unknown,
    readonly written: WrittenIds,
    readonly affected: number | null,
    readonly lsn: number | null,
    readonly detail: string | null,
    /** reads with an explain: a text key of the whole query (its explain is a function of it) */
    readonly query: string | null = null,
  ) {}
}

const MAX_FILTER_DEPTH = 16;

/**
 * The JSON text of a read's filter, and a text key of its whole query: the caller may reuse and
 * mutate its query object after the call returns, and text is both the private copy and what the
 * entry needs. The key is the filter's text plus the other keys' texts, so the filter (the larger
 * part) is serialised once.
 */
export function queryJson(query: unknown): { query: string | null; filter: string | null } {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return { query: null, filter: null };
  const q = query as Record<string, unknown>;
  const filter = q['filter'];
  const plainFilter = filter !== null && typeof filter === 'object' && !Array.isArray(filter);
  try {
    const filterText = plainFilter ? JSON.stringify(filter) : null;
    let key = filterText ?? String(JSON.stringify(filter));
    for (const name in q) {
      if (name !== 'filter' && Object.prototype.hasOwnProperty.call(q, name)) key += '\u0000' + name + '\u0000' + keyText(q[name]);
    }
    return { query: key, filter: filterText };
  } catch {
    // not JSON (a cycle, a BigInt): the bounded copy's text
    const copy = copyJson(query, 0) as Record<string, unknown>;
    return { query: JSON.stringify(copy), filter: plainFilter ? JSON.stringify(copy['filter']) : null };
  }
}

/** A query key's JSON text (limit, sort, cursor...), the common scalars without JSON.stringify's call. */
function keyText(value: unknown): string {
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string') return jsonString(value);
  return String(JSON.stringify(value));
}

/**
 * A private copy of a caller's filter (the caller may reuse and mutate its query object after the
 * call returns). Anything that is not a plain JSON object is recorded as null.
 */
export function copyFilter(filter: unknown): Record<string, unknown> | null {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return null;
  return copyJson(filter, 0) as Record<string, unknown>;
}

function copyJson(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? null : value;
  if (depth >= MAX_FILTER_DEPTH) return null;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i], depth + 1);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = copyJson((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
