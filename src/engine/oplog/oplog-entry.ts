// One operation-log entry (SPEC §8): the shape of every document of `_system.operation_log`, of every
// line of an oplog segment file, of every SSE event and of every webhook body. Key order is the
// declaration order below (entries are built field by field in this order).
import type { CallSource } from '../database-types.js';
import type { Explain } from '../query/explain-types.js';

export const OPLOG_OPERATIONS = [
  'find',
  'get',
  'insert',
  'update',
  'replace',
  'upsert',
  'delete',
  'explain',
  'migration',
  'function',
  'auth',
  'webhook',
] as const;
export type OplogOperation = (typeof OPLOG_OPERATIONS)[number];

/** Operations that change documents: their entries carry affected_ids and the LSN of the unit. */
export const WRITE_OPERATIONS: ReadonlySet<OplogOperation> = new Set(['insert', 'update', 'replace', 'upsert', 'delete', 'migration']);

/** At most this many affected _ids are recorded per entry (affected_count has the full number). */
export const MAX_AFFECTED_IDS = 100;

export interface OplogEntry {
  /** `op_` + 16 lowercase hex digits of the operation sequence number: sorts by time */
  _id: string;
  /** when the operation started, UTC `YYYY-MM-DDTHH:mm:ss.sssZ` */
  timestamp: string;
  collection: string | null;
  operation: OplogOperation;
  /** the query filter (find/explain), `{_id}` for single-document operations, else null */
  filter: Record<string, unknown> | null;
  /** the caller: a user's `sub`, "anon" or "service" */
  user_id: string;
  duration_ms: number;
  documents_scanned: number;
  documents_returned: number;
  index_used: string | null;
  status: 'ok' | 'error';
  error_code: string | null;
  slow: boolean;
  /** the plan the read ran with (find, explain); null for writes */
  explain_plan: Explain | null;
  source: CallSource;
  request_id: string | null;
  error_message: string | null;
  /** writes: the _ids written (at most MAX_AFFECTED_IDS); null for reads */
  affected_ids: string[] | null;
  /** writes: how many documents the unit changed */
  affected_count: number | null;
  /** writes: the LSN of the durable unit; reads: the LSN they read at */
  lsn: number | null;
  /** a short description where the fields above do not say it all (migration steps, webhook alerts) */
  detail: string | null;
}

const ID_PREFIX = 'op_';
const ID_DIGITS = 16;
const ID_PATTERN = /^op_[0-9a-f]{16}$/;

/** The entry _id of sequence number `seq` (fixed width, so string order is sequence order). */
export function oplogId(seq: number): string {
  return ID_PREFIX + seq.toString(16).padStart(ID_DIGITS, '0');
}

/** The sequence number of an entry _id, or null when `id` is not one. */
export function oplogSeq(id: unknown): number | null {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  const seq = Number.parseInt(id.slice(ID_PREFIX.length), 16);
  return Number.isSafeInteger(seq) ? seq : null;
}

export function isOplogOperation(value: unknown): value is OplogOperation {
  return typeof value === 'string' && (OPLOG_OPERATIONS as readonly string[]).includes(value);
}
