// Observation -> the entry's JSON line, written straight into the log's UTF-8 buffers. The line is
// the entry's canonical form: it goes to the segment file, to live subscribers and to the webhook,
// and the queryable collection parses it only when someone queries. It equals
// JSON.stringify(entry) with the keys in OplogEntry's declaration order (tests check this).
//
// Most entries are successful, fast operations repeating a few shapes (the same query, or a write
// to the same collection by the same caller): their lines differ only in the ids, times, counts and
// LSN. Such an entry is written from its shape's template, one buffer holding everything else
// (collection, operation, user, index, status, the explain plan and source), with the variable
// fields written as bytes in between: one lookup and a few copies per entry. Failed and slow
// entries, and reads whose plan may not be reused, take the general path (plain JSON text).
import type { Caller } from '../database-types.js';
import { isAeroError } from '../errors/aero-error.js';
import type { Doc } from '../types.js';
import { ExplainJson } from './explain-json.js';
import type { LineChunks } from './line-chunks.js';
import { JsonBytes, jsonStringBound, NUMBER_BOUND, textBound, utf8Bytes } from './json-bytes.js';
import { QuotedStrings } from './json-text.js';
import { MAX_AFFECTED_IDS, oplogId } from './oplog-entry.js';
import type { Observation, WrittenIds } from './observation.js';

const MAX_ERROR_MESSAGE = 500;
/** templates remembered per kind before all are forgotten at once */
const MAX_TEMPLATES = 2048;

/**
 * The constant part of a shape's lines: `head`, the filter and `afterFilter` (the user) come
 * between the timestamp and duration_ms; `middle` between documents_returned and request_id.
 * `afterFilter` is null when the filter is part of the shape (reads: it is in the query), and
 * `head` then holds all three. Views of one buffer, cut once (Buffer.copy of a range allocates a
 * view per call).
 */
interface Template {
  readonly head: Buffer;
  readonly afterFilter: Buffer | null;
  readonly middle: Buffer;
}

/** A read's template and what its plan depends on besides the query text it is remembered by. */
interface ReadTemplate extends Template {
  readonly operation: string;
  readonly generation: number;
  readonly caller: string;
  readonly sub: string | null | undefined;
  readonly role: string | undefined;
  readonly collection: string;
  readonly projection: string | undefined;
  readonly source: string;
}

/** A write's or get's template and the rest of its shape (its collection is its map key). */
interface PlainTemplate extends Template {
  readonly operation: string;
  readonly index: string | null;
  readonly source: string;
  readonly user: string;
}

const NO_COLLECTION = Symbol('no collection');
/** shapes per collection: its write operations and gets, by a few callers */
const MAX_SHAPES_PER_COLLECTION = 16;

export class EntryWriter {
  readonly #explain = new ExplainJson(new QuotedStrings());
  readonly #bytes = new JsonBytes();
  /** reads with a reusable plan, by query text (the rest compared) */
  readonly #reads = new Map<string, ReadTemplate>();
  /** everything else without a plan (writes, gets), by collection (NO_COLLECTION for none) */
  readonly #plain = new Map<string | symbol, PlainTemplate[]>();

  /** Appends the entry's JSON line to `chunks` and returns where it starts in `chunks.lastChunk`. */
  append(o: Observation, timestamp: string, chunks: LineChunks): number {
    if (o.error === undefined && !o.slow) {
      const template = o.explain === null ? this.#plainTemplate(o) : o.query !== null && o.generation >= 0 ? this.#readTemplate(o) : null;
      if (template !== null) return this.#fromTemplate(o, template, timestamp, chunks);
    }
    return chunks.append(this.#generalLine(o, timestamp));
  }

  #fromTemplate(o: Observation, t: Template, timestamp: string, chunks: LineChunks): number {
    const filter = t.afterFilter === null ? null : filterText(o);
    const requestId = o.ctx.request_id ?? null;
    const most =
      FIXED_BYTES + timestamp.length + t.head.length + (t.afterFilter === null ? 0 : t.afterFilter.length) + t.middle.length + (filter === null ? 0 : textBound(filter)) +
      (requestId === null ? 0 : jsonStringBound(requestId)) + (o.detail === null ? 0 : jsonStringBound(o.detail)) + affectedIdsBound(o.written);
    const w = this.#bytes;
    w.at(chunks.reserve(most), chunks.nextStart);
    w.bytes(ID);
    w.hex16(o.seq);
    w.bytes(TIMESTAMP);
    w.text(timestamp);
    w.bytes(t.head);
    if (filter !== null) {
      w.text(filter);
      w.bytes(t.afterFilter!);
    }
    w.millis(o.durationMs);
    w.bytes(DOCUMENTS_SCANNED);
    w.number(o.scanned);
    w.bytes(DOCUMENTS_RETURNED);
    w.number(o.returned);
    w.bytes(t.middle);
    if (requestId === null) w.bytes(NULL);
    else w.string(requestId);
    w.bytes(NO_ERROR_MESSAGE);
    writeAffectedIds(w, o.written);
    w.bytes(AFFECTED_COUNT);
    if (o.affected === null) w.bytes(NULL);
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

  /**
   * A read's template, reused across reads of the same query: a plan is a function of the query,
   * the schemas and the caller (SPEC §0: no statistics), so the same query under the same schema
   * generation by the same caller has the same explain. Remembered by query text alone, with the
   * rest compared: no key is built per read.
   */
  #readTemplate(o: Observation): ReadTemplate {
    const explain = o.explain!;
    const caller = o.ctx.caller;
    const sub = caller.kind === 'user' ? caller.sub : undefined;
    const role = caller.kind === 'user' ? caller.role : undefined;
    const known = this.#reads.get(o.query!);
    if (
      known !== undefined && known.operation === o.operation && known.generation === o.generation && known.caller === caller.kind &&
      known.sub === sub && known.role === role && known.collection === explain.collection && known.projection === explain.projection &&
      known.source === o.ctx.source
    ) {
      return known;
    }
    const filter = filterText(o);
    const template = {
      ...templateOf(o, filter, this.#explain.write(explain)),
      operation: o.operation,
      generation: o.generation,
      caller: caller.kind,
      sub,
      role,
      collection: explain.collection,
      projection: explain.projection,
      source: o.ctx.source,
    };
    if (known === undefined && this.#reads.size >= MAX_TEMPLATES) this.#reads.clear();
    this.#reads.set(o.query!, template);
    return template;
  }

  /** The template of a write or get: by collection, then a short list compared field by field (no key built). */
  #plainTemplate(o: Observation): Template {
    const user = userIdOf(o.ctx.caller);
    const source = o.ctx.source;
    const collection = o.collection ?? NO_COLLECTION;
    let list = this.#plain.get(collection);
    if (list === undefined) {
      if (this.#plain.size >= MAX_TEMPLATES) this.#plain.clear();
      this.#plain.set(collection, (list = []));
    }
    for (const known of list) {
      if (known.operation === o.operation && known.index === o.index && known.source === source && known.user === user) return known;
    }
    const template: PlainTemplate = { ...templateOf(o, null, 'null'), operation: o.operation, index: o.index, source, user };
    if (list.length >= MAX_SHAPES_PER_COLLECTION) list.shift();
    list.push(template);
    return template;
  }

  /** Failed and slow entries, and reads whose plan is not reused: the line as plain JSON text. */
  #generalLine(o: Observation, timestamp: string): string {
    const failed = o.error !== undefined;
    const filter = filterText(o);
    return (
      `{"_id":"${oplogId(o.seq)}","timestamp":"${timestamp}","collection":${JSON.stringify(o.collection)},` +
      `"operation":${JSON.stringify(o.operation)},"filter":${filter},"user_id":${JSON.stringify(userIdOf(o.ctx.caller))},` +
      `"duration_ms":${JSON.stringify(Math.round(o.durationMs * 1000) / 1000)},"documents_scanned":${JSON.stringify(o.scanned)},` +
      `"documents_returned":${JSON.stringify(o.returned)},"index_used":${JSON.stringify(o.index)},` +
      `"status":${failed ? '"error"' : '"ok"'},"error_code":${failed ? JSON.stringify(errorCodeOf(o.error)) : 'null'},` +
      `"slow":${o.slow},"explain_plan":${o.explain === null ? 'null' : this.#explain.write(o.explain)},` +
      `"source":${JSON.stringify(o.ctx.source)},"request_id":${JSON.stringify(o.ctx.request_id ?? null)},` +
      `"error_message":${failed ? JSON.stringify(errorMessageOf(o.error)) : 'null'},` +
      `"affected_ids":${failed ? 'null' : JSON.stringify(affectedIds(o.written))},` +
      `"affected_count":${failed ? 'null' : JSON.stringify(o.affected)},"lsn":${JSON.stringify(o.lsn)},"detail":${JSON.stringify(o.detail)}}`
    );
  }
}

/** The filter's JSON text (reads hold it as text already). */
function filterText(o: Observation): string {
  return o.filter === null ? 'null' : typeof o.filter === 'string' ? o.filter : JSON.stringify(o.filter);
}

/** The template of a successful, fast entry like `o` (`filter` null: the filter is not part of it). */
function templateOf(o: Observation, filter: string | null, explain: string): Template {
  const first = `","collection":${JSON.stringify(o.collection)},"operation":${JSON.stringify(o.operation)},"filter":`;
  const second = `,"user_id":${JSON.stringify(userIdOf(o.ctx.caller))},"duration_ms":`;
  const third =
    `,"index_used":${JSON.stringify(o.index)},"status":"ok","error_code":null,"slow":false,` +
    `"explain_plan":${explain},"source":${JSON.stringify(o.ctx.source)},"request_id":`;
  const texts = filter === null ? [first, second, third] : [first + filter + second, third];
  const bytes = Buffer.from(texts.join(''), 'utf8');
  const views: Buffer[] = [];
  let at = 0;
  for (const text of texts) views.push(bytes.subarray(at, (at += Buffer.byteLength(text))));
  return filter === null ? { head: views[0]!, afterFilter: views[1]!, middle: views[2]! } : { head: views[0]!, afterFilter: null, middle: views[1]! };
}

// the fixed parts of a line, in OplogEntry's key order
const ID = utf8Bytes('{"_id":"op_');
const TIMESTAMP = utf8Bytes('","timestamp":"');
const DOCUMENTS_SCANNED = utf8Bytes(',"documents_scanned":');
const DOCUMENTS_RETURNED = utf8Bytes(',"documents_returned":');
const NO_ERROR_MESSAGE = utf8Bytes(',"error_message":null,"affected_ids":');
const AFFECTED_COUNT = utf8Bytes(',"affected_count":');
const LSN = utf8Bytes(',"lsn":');
const DETAIL = utf8Bytes(',"detail":');
const NO_DETAIL = utf8Bytes(',"detail":null}');
const END = utf8Bytes('}');
const NULL = utf8Bytes('null');
const OPEN_ARRAY = utf8Bytes('[');
const CLOSE_ARRAY = utf8Bytes(']');
const COMMA = utf8Bytes(',');
/** the fixed runs above, the 16 hex digits and 6 numbers at their longest, with room to spare */
const FIXED_BYTES = 256 + 16 + 6 * NUMBER_BOUND;

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

/** A write's affected _ids (at most MAX_AFFECTED_IDS), null for a read. */
function affectedIds(written: WrittenIds): string[] | null {
  if (written === null) return null;
  if (typeof written === 'string') return [written];
  if (!Array.isArray(written)) return [(written as Doc)._id];
  return (written as readonly Doc[]).slice(0, MAX_AFFECTED_IDS).map((doc) => doc._id);
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
