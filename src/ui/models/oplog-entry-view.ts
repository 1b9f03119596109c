// The fields of an operation-log entry (SPEC §8) the dashboard shows, read from its JSON line.
// Tolerant: a field missing from an older or foreign line shows as absent instead of failing.
import type { OplogRow } from './feed-events.js';

export interface OplogEntryView {
  id: string;
  timestamp: string;
  operation: string;
  collection: string | null;
  duration_ms: number | null;
  documents_scanned: number | null;
  documents_returned: number | null;
  index_used: string | null;
  status: string;
  error_code: string | null;
  error_message: string | null;
  slow: boolean;
  user_id: string | null;
  source: string | null;
  filter: unknown;
  explain_plan: unknown;
  affected_count: number | null;
  /** operation "function": the function invoked (from the entry's detail) */
  function_name: string | null;
}

export function oplogEntryView(row: OplogRow): OplogEntryView {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.line);
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // a torn line: the row's own fields still show
  }
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : null);
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : null);
  return {
    id: str('_id') ?? `#${row.seq}`,
    timestamp: str('timestamp') ?? new Date(row.epochMs).toISOString(),
    operation: row.operation,
    collection: row.collection,
    duration_ms: num('duration_ms'),
    documents_scanned: num('documents_scanned'),
    documents_returned: num('documents_returned'),
    index_used: str('index_used'),
    status: str('status') ?? '?',
    error_code: str('error_code'),
    error_message: str('error_message'),
    slow: row.slow,
    user_id: str('user_id'),
    source: str('source'),
    filter: raw['filter'] ?? null,
    explain_plan: raw['explain_plan'] ?? null,
    affected_count: num('affected_count'),
    function_name: row.operation === 'function' ? functionNameOf(str('detail')) : null,
  };
}

/** The row fields of a parsed entry (the remote feed gets whole entries over SSE). */
export function oplogRowOf(line: string, fallbackSeq: number): OplogRow | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const entry = raw as Record<string, unknown>;
  const id = typeof entry['_id'] === 'string' ? entry['_id'] : '';
  const seq = /^op_[0-9a-f]{16}$/.test(id) ? Number.parseInt(id.slice(3), 16) : fallbackSeq;
  const epochMs = typeof entry['timestamp'] === 'string' ? Date.parse(entry['timestamp']) : Number.NaN;
  return {
    seq,
    epochMs: Number.isFinite(epochMs) ? epochMs : 0,
    collection: typeof entry['collection'] === 'string' ? entry['collection'] : null,
    operation: typeof entry['operation'] === 'string' ? entry['operation'] : '?',
    slow: entry['slow'] === true,
    line,
  };
}

function functionNameOf(detail: string | null): string | null {
  if (detail === null) return null;
  try {
    const parsed = JSON.parse(detail) as { function?: unknown };
    return typeof parsed.function === 'string' ? parsed.function : null;
  } catch {
    return null;
  }
}
