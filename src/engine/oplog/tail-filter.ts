// The filter of `aerodb oplog tail` and of GET /admin/oplog: the same flags, parsed and matched the
// same way on both paths (server stream and offline files).
import { AeroError } from '../errors/aero-error.js';
import type { ErrorCode } from '../errors/registry.js';
import { isOplogOperation, OPLOG_OPERATIONS, type OplogEntry, type OplogOperation } from './oplog-entry.js';
import type { OplogMeta } from './oplog-window.js';

export interface TailFilter {
  slow: boolean;
  collection: string | null;
  operation: OplogOperation | null;
  /** keep entries at or after this instant (epoch ms) */
  sinceEpochMs: number | null;
}

/** The flags as the user typed them (CLI flags or query parameters). */
export interface TailFilterInput {
  slow?: boolean;
  collection?: string;
  operation?: string;
  since?: string;
}

export const DEFAULT_TAIL_LIMIT = 20;
export const MAX_TAIL_LIMIT = 10_000;

const RELATIVE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** ISO 8601 date or date-time (a zone-less date-time is read as UTC, like the stored timestamps) */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses the filter. `code` is the error to raise for bad input (AERO_CONFIG_USAGE for CLI flags,
 * AERO_QUERY_INVALID for query parameters); `names` maps each input to how the user spelled it.
 */
export function parseTailFilter(input: TailFilterInput, nowEpochMs: number, code: ErrorCode, names: (key: string) => string): TailFilter {
  const collection = input.collection;
  if (collection !== undefined && collection.trim() === '') {
    throw new AeroError(code, `${names('collection')} needs a collection name`, { details: { flag: names('collection') }, hint: `Pass a collection name, e.g. ${names('collection')} posts.` });
  }
  const operation = input.operation;
  if (operation !== undefined && !isOplogOperation(operation)) {
    throw new AeroError(code, `${names('operation')} must be one of ${OPLOG_OPERATIONS.join(', ')}; got ${JSON.stringify(operation)}`, {
      details: { flag: names('operation'), value: operation, allowed: [...OPLOG_OPERATIONS] },
      hint: `Use one of: ${OPLOG_OPERATIONS.join(', ')}.`,
    });
  }
  return {
    slow: input.slow === true,
    collection: collection ?? null,
    operation: (operation as OplogOperation | undefined) ?? null,
    sinceEpochMs: input.since === undefined ? null : parseSince(input.since, nowEpochMs, code, names('since')),
  };
}

/** `10m`, `2h`, `30s`, `1d`, `500ms` (ago), or an ISO date/date-time. */
export function parseSince(text: string, nowEpochMs: number, code: ErrorCode, flag: string): number {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) return nowEpochMs - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  if (ISO.test(trimmed)) {
    const dateTime = trimmed.replace(' ', 'T');
    const zoned = dateTime.length === 10 || /(?:[Zz]|[+-]\d{2}:\d{2})$/.test(dateTime) ? dateTime : `${dateTime}Z`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new AeroError(code, `${flag} ${JSON.stringify(text)} is neither a duration like 10m nor an ISO time like 2026-11-28T09:30:00Z`, {
    details: { flag, value: text },
    hint: `Use a duration ago (500ms, 30s, 10m, 2h, 1d) or an ISO timestamp, e.g. ${flag} 10m or ${flag} 2026-11-28T09:30:00Z.`,
  });
}

export function parseTailLimit(value: number | string | undefined, code: ErrorCode, flag: string): number {
  if (value === undefined) return DEFAULT_TAIL_LIMIT;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TAIL_LIMIT) {
    throw new AeroError(code, `${flag} must be an integer from 1 to ${MAX_TAIL_LIMIT}, got ${JSON.stringify(value)}`, {
      details: { flag, value, max: MAX_TAIL_LIMIT },
      hint: `Pass ${flag} 50 (default ${DEFAULT_TAIL_LIMIT}).`,
    });
  }
  return n;
}

export function matchesTailFilter(entry: OplogEntry, filter: TailFilter): boolean {
  if (filter.slow && !entry.slow) return false;
  if (filter.collection !== null && entry.collection !== filter.collection) return false;
  if (filter.operation !== null && entry.operation !== filter.operation) return false;
  if (filter.sinceEpochMs !== null && !(Date.parse(entry.timestamp) >= filter.sinceEpochMs)) return false;
  return true;
}

/** matchesTailFilter over the flat fields the log keeps per entry (no parsing). */
export function metaMatchesTailFilter(meta: OplogMeta, filter: TailFilter): boolean {
  if (filter.slow && !meta.slow) return false;
  if (filter.collection !== null && meta.collection !== filter.collection) return false;
  if (filter.operation !== null && meta.operation !== filter.operation) return false;
  if (filter.sinceEpochMs !== null && !(meta.epochMs >= Math.floor(filter.sinceEpochMs))) return false;
  return true;
}
