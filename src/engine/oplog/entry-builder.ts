// Observation -> the entry's JSON line, written straight into the log's UTF-8 buffers. The line is
// the entry's canonical form: it goes to the segment file, to live subscribers and to the webhook,
// and the queryable collection parses it only when someone queries. It equals
// JSON.stringify(entry) with the keys in OplogEntry's declaration order (tests check this).
import type { Caller } from '../database-types.js';
import { isAeroError } from '../errors/aero-error.js';
import type { Doc } from '../types.js';
import { ExplainJson } from './explain-json.js';
import type { LineChunks } from './line-chunks.js';
import { JsonBytes, jsonStringBound, NUMBER_BOUND, textBound, utf8Bytes } from './json-bytes.js';
import { QuotedStrings } from './json-text.js';
import { MAX_AFFECTED_IDS } from './oplog-entry.js';
import type { Observation, WrittenIds } from './observation.js';

const MAX_ERROR_MESSAGE = 500;
const MAX_EXPLAIN_TEXTS = 2048;

export class EntryWriter {
  readonly #explain = new ExplainJson(new QuotedStrings());
  readonly #bytes = new JsonBytes();
  /** encoded runs: by operation then collection (by operation when there is none), by user, by index, by source */
  readonly #heads = new Map<string, BoundedBytes>();
  readonly #nullHeads = new BoundedBytes();
  #plainMiddleNoIndex: Uint8Array | null = null;
  readonly #users = new BoundedBytes();
  readonly #plainMiddles = new BoundedBytes();
  readonly #sources = new BoundedBytes();
  /** explain JSON as UTF-8, by query text: copied into each entry rather than re-encoded */
  readonly #explainBytes = new Map<string, RememberedExplain>();

  /**
   * The explain's JSON, reused across reads of the same query: a plan is a function of the query,
   * the schemas and the caller (SPEC §0: no statistics), so the same query under the same schema
   * generation by the same caller has the same explain. Reads recorded during a schema change
   * (generation -1) and analyzed explains (no query) are always written out. Remembered by query
   * text alone, with the rest compared: no key is built per read.
   */
  #explainJson(o: Observation): Buffer | string {
    const explain = o.explain!;
    if (o.query === null || o.generation < 0) return this.#explain.write(explain);
    const caller = o.ctx.caller;
    const sub = caller.kind === 'user' ? caller.sub : undefined;
    const role = caller.kind === 'user' ? caller.role : undefined;
    const known = this.#explainBytes.get(o.query);
    if (
      known !== undefined && known.generation === o.generation && known.caller === caller.kind && known.sub === sub &&
      known.role === role && known.collection === explain.collection && known.projection === explain.projection
    ) {
      return known.bytes;
    }
    const bytes = Buffer.from(this.#explain.write(explain), 'utf8');
    if (known === undefined && this.#explainBytes.size >= MAX_EXPLAIN_TEXTS) this.#explainBytes.clear();
    this.#explainBytes.set(o.query, { generation: o.generation, caller: caller.kind, sub, role, collection: explain.collection, projection: explain.projection, bytes });
    return bytes;
  }

  /**
   * Appends the entry's JSON line to `chunks` and returns where it starts in `chunks.lastChunk`.
   * Written as bytes in place (json-bytes.ts), no string built: the runs between the variable
   * fields are encoded once per name (collection and operation, user, index, source) and copied.
   */
  append(o: Observation, timestamp: string, chunks: LineChunks): number {
    const failed = o.error !== undefined;
    const ctx = o.ctx;
    const plain = !failed && !o.slow;
    const head = this.#head(o.operation, o.collection);
    const user = this.#user(userIdOf(ctx.caller));
    const middle = plain ? this.#plainMiddle(o.index) : this.#middle(o.index, o.slow, failed ? errorCodeOf(o.error) : null);
    const source = this.#source(ctx.source);
    const filter = o.filter === null ? 'null' : typeof o.filter === 'string' ? o.filter : JSON.stringify(o.filter);
    const explain = o.explain === null ? NULL : this.#explainJson(o);
    const errorMessage = failed ? errorMessageOf(o.error) : '';
    const requestId = ctx.request_id ?? null;
    const written = failed ? null : o.written;
    const most =
      FIXED_BYTES + timestamp.length + head.length + user.length + middle.length + source.length + textBound(filter) +
      jsonStringBound(errorMessage) + (typeof explain === 'string' ? textBound(explain) : explain.length) +
      (requestId === null ? 0 : jsonStringBound(requestId)) + (o.detail === null ? 0 : jsonStringBound(o.detail)) + affectedIdsBound(written);
    const w = this.#bytes;
    w.at(chunks.reserve(most), chunks.nextStart);
    w.bytes(ID);
    w.hex16(o.seq);
    w.bytes(TIMESTAMP);
    w.text(timestamp);
    w.bytes(head);
    w.text(filter);
    w.bytes(user);
    w.millis(o.durationMs);
    w.bytes(DOCUMENTS_SCANNED);
    w.number(o.scanned);
    w.bytes(DOCUMENTS_RETURNED);
    w.number(o.returned);
    w.bytes(middle);
    if (typeof explain === 'string') w.text(explain);
    else w.bytes(explain);
    w.bytes(source);
    if (requestId === null) w.bytes(NULL);
    else w.string(requestId);
    if (failed) {
      w.bytes(ERROR_MESSAGE);
      w.string(errorMessage);
      w.bytes(AFFECTED_IDS);
    } else w.bytes(NO_ERROR_MESSAGE);
    writeAffectedIds(w, written);
    w.bytes(AFFECTED_COUNT);
    if (failed || o.affected === null) w.bytes(NULL);
    else w.number(o.affected);
    w.bytes(LSN);
    if (o.lsn === null) w.bytes(NULL);
    else w.number(o.lsn);
    if (o.detail === null) w.bytes(NO_DETAIL);
    else {
      w.bytes(DETAIL);
      w.string(o.detail);
      w.bytes(END);
    }
    return chunks.commit(w.pos);
  }

  /** `","collection":C,"operation":O,"filter":` */
  #head(operation: string, collection: string | null): Uint8Array {
    if (collection === null) return this.#nullHeads.get(operation) ?? this.#nullHeads.set(operation, headText(operation, null));
    let byCollection = this.#heads.get(operation);
    if (byCollection === undefined) this.#heads.set(operation, (byCollection = new BoundedBytes()));
    return byCollection.get(collection) ?? byCollection.set(collection, headText(operation, collection));
  }

  /** `,"user_id":U,"duration_ms":` */
  #user(user: string): Uint8Array {
    return this.#users.get(user) ?? this.#users.set(user, `,"user_id":${JSON.stringify(user)},"duration_ms":`);
  }

  /** `,"index_used":I,"status":"ok","error_code":null,"slow":false,"explain_plan":` */
  #plainMiddle(index: string | null): Uint8Array {
    if (index === null) return (this.#plainMiddleNoIndex ??= utf8Bytes(middleText(null, false, null)));
    return this.#plainMiddles.get(index) ?? this.#plainMiddles.set(index, middleText(index, false, null));
  }

  /** The same for a slow or failed operation (rare: not remembered). */
  #middle(index: string | null, slow: boolean, errorCode: string | null): Uint8Array {
    return utf8Bytes(middleText(index, slow, errorCode));
  }

  /** `,"source":S,"request_id":` */
  #source(source: string): Uint8Array {
    return this.#sources.get(source) ?? this.#sources.set(source, `,"source":${JSON.stringify(source)},"request_id":`);
  }
}

/** An explain's bytes and what else its plan depends on besides the query. */
interface RememberedExplain {
  generation: number;
  caller: string;
  sub: string | null | undefined;
  role: string | undefined;
  collection: string;
  projection: string | undefined;
  bytes: Buffer;
}

function headText(operation: string, collection: string | null): string {
  return `","collection":${collection === null ? 'null' : JSON.stringify(collection)},"operation":${JSON.stringify(operation)},"filter":`;
}

function middleText(index: string | null, slow: boolean, errorCode: string | null): string {
  const status = errorCode === null ? '"ok","error_code":null' : `"error","error_code":${JSON.stringify(errorCode)}`;
  return `,"index_used":${index === null ? 'null' : JSON.stringify(index)},"status":${status},"slow":${slow},"explain_plan":`;
}

const MAX_REMEMBERED = 4096;

/** Encoded runs by name, forgotten all at once when full (names are few; users may be many). */
class BoundedBytes {
  readonly #map = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    return this.#map.get(key);
  }

  /** Encodes `text`, remembers it under `key` and returns it. */
  set(key: string, text: string): Uint8Array {
    const bytes = utf8Bytes(text);
    if (this.#map.size >= MAX_REMEMBERED) this.#map.clear();
    this.#map.set(key, bytes);
    return bytes;
  }
}

// the fixed parts of a line, in OplogEntry's key order
const ID = utf8Bytes('{"_id":"op_');
const TIMESTAMP = utf8Bytes('","timestamp":"');
const DOCUMENTS_SCANNED = utf8Bytes(',"documents_scanned":');
const DOCUMENTS_RETURNED = utf8Bytes(',"documents_returned":');
const ERROR_MESSAGE = utf8Bytes(',"error_message":');
const AFFECTED_IDS = utf8Bytes(',"affected_ids":');
const NO_ERROR_MESSAGE = utf8Bytes(',"error_message":null,"affected_ids":');
const AFFECTED_COUNT = utf8Bytes(',"affected_count":');
const LSN = utf8Bytes(',"lsn":');
const DETAIL = utf8Bytes(',"detail":');
const NO_DETAIL = utf8Bytes(',"detail":null}');
const END = utf8Bytes('}');
const NULL = utf8Bytes('null');
/** the fixed runs above, the 16 hex digits and 8 numbers at their longest, with room to spare */
const FIXED_BYTES = 256 + 16 + 8 * NUMBER_BOUND;

export function userIdOf(caller: Caller): string {
  return caller.kind === 'user' ? (caller.sub ?? 'user') : caller.kind;
}

function errorCodeOf(error: unknown): string {
  return isAeroError(error) ? error.code : 'AERO_INTERNAL';
}

function errorMessageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}

function affectedIdsBound(written: WrittenIds): number {
  if (written === null) return 4;
  if (typeof written === 'string') return jsonStringBound(written) + 2;
  if (!Array.isArray(written)) return jsonStringBound((written as Doc)._id) + 2;
  const docs = written as readonly Doc[];
  let bytes = 2;
  for (let i = 0; i < docs.length && i < MAX_AFFECTED_IDS; i++) bytes += jsonStringBound(docs[i]!._id) + 1;
  return bytes;
}

function writeAffectedIds(w: JsonBytes, written: WrittenIds): void {
  if (written === null) {
    w.bytes(NULL);
    return;
  }
  w.bytes(OPEN_ARRAY);
  if (typeof written === 'string') w.string(written);
  else if (!Array.isArray(written)) w.string((written as Doc)._id);
  else {
    const docs = written as readonly Doc[];
    const count = Math.min(docs.length, MAX_AFFECTED_IDS);
    for (let i = 0; i < count; i++) {
      if (i > 0) w.bytes(COMMA);
      w.string(docs[i]!._id);
    }
  }
  w.bytes(CLOSE_ARRAY);
}

const OPEN_ARRAY = utf8Bytes('[');
const CLOSE_ARRAY = utf8Bytes(']');
const COMMA = utf8Bytes(',');

/** Date.toISOString's fixed 24-character form holds from year 0000 to 9999. */
const MAX_FIXED_ISO_MS = 253_402_300_800_000;

/**
 * toISOString of epoch milliseconds, remembering the last one and the last second's text:
 * consecutive entries usually start in the same millisecond, nearly always in the same second.
 */
export class TimestampFormatter {
  #lastMs = Number.NaN;
  #last = '';
  #second = Number.NaN;
  /** "2026-11-28T09:30:00." for #second */
  #secondText = '';

  format(epochMs: number): string {
    const ms = Number.isFinite(epochMs) ? Math.floor(epochMs) : 0;
    if (ms === this.#lastMs) return this.#last;
    this.#lastMs = ms;
    if (ms < 0 || ms >= MAX_FIXED_ISO_MS) return (this.#last = new Date(ms).toISOString());
    const second = Math.floor(ms / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#secondText = new Date(second * 1000).toISOString().slice(0, 20);
    }
    const milli = ms - second * 1000;
    this.#last = `${this.#secondText}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
    return this.#last;
  }
}
