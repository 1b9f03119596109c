// Observation -> the entry's JSON line, written straight into the log's UTF-8 buffers. The line is
// the entry's canonical form: it goes to the segment file, to live subscribers and to the webhook,
// and the queryable collection parses it only when someone queries. It equals JSON.stringify(entry) with the keys in OplogEntry's declaration
// order (tests check this).
import type { Caller } from '../database-types.js';
import { isAeroError } from '../errors/aero-error.js';
import type { Doc } from '../types.js';
import { ExplainJson } from './explain-json.js';
import type { LineChunks } from './line-chunks.js';
import { jsonMillis, jsonNumber, jsonString, jsonStringOrNull, QuotedStrings } from './json-text.js';
import { MAX_AFFECTED_IDS, oplogId } from './oplog-entry.js';
import type { Observation, WrittenIds } from './observation.js';

const MAX_ERROR_MESSAGE = 500;
const MAX_EXPLAIN_TEXTS = 2048;

export class EntryWriter {
  readonly #quoted = new QuotedStrings();
  readonly #explain = new ExplainJson(this.#quoted);
  /** explain JSON as UTF-8, by query shape: copied into each entry rather than re-encoded */
  readonly #explainBytes = new Map<string, Buffer>();

  /**
   * The explain's JSON, reused across reads of the same query: a plan is a function of the query,
   * the schemas and the caller (SPEC §0: no statistics), so the same query under the same schema
   * generation by the same caller has the same explain. Reads recorded during a schema change
   * (generation -1) and analyzed explains (no query) are always written out.
   */
  #explainJson(o: Observation): Buffer | string {
    const explain = o.explain!;
    if (o.query === null || o.generation < 0) return this.#explain.write(explain);
    const caller = o.ctx.caller;
    const who = caller.kind === 'user' ? `user:${caller.sub ?? ''}:${caller.role ?? ''}` : caller.kind;
    const key = `${o.generation}\u0000${who}\u0000${explain.collection}\u0000${explain.projection ?? ''}\u0000${o.query}`;
    let bytes = this.#explainBytes.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(this.#explain.write(explain), 'utf8');
      if (this.#explainBytes.size >= MAX_EXPLAIN_TEXTS) this.#explainBytes.clear();
      this.#explainBytes.set(key, bytes);
    }
    return bytes;
  }

  /**
   * Appends the entry's JSON line to `chunks` and returns where it starts in `chunks.lastChunk`.
   * The line is written in three parts so a reused explain is copied as bytes, not re-encoded.
   */
  append(o: Observation, timestamp: string, chunks: LineChunks): number {
    const q = this.#quoted;
    const failed = o.error !== undefined;
    const ctx = o.ctx;
    // plain concatenation: measured cheaper than joining an array of pieces, the UTF-8 write included
    const head =
      '{"_id":"' + oplogId(o.seq) + '","timestamp":"' + timestamp +
      '","collection":' + (o.collection === null ? 'null' : q.get(o.collection)) +
      ',"operation":"' + o.operation +
      '","filter":' + (o.filter === null ? 'null' : typeof o.filter === 'string' ? o.filter : JSON.stringify(o.filter)) +
      ',"user_id":' + jsonString(userIdOf(ctx.caller)) +
      ',"duration_ms":' + jsonMillis(o.durationMs) +
      ',"documents_scanned":' + jsonNumber(o.scanned) +
      ',"documents_returned":' + jsonNumber(o.returned) +
      ',"index_used":' + (o.index === null ? 'null' : q.get(o.index)) +
      (failed ? ',"status":"error","error_code":' + jsonString(errorCodeOf(o.error)) : ',"status":"ok","error_code":null') +
      (o.slow ? ',"slow":true,"explain_plan":' : ',"slow":false,"explain_plan":');
    const tail =
      ',"source":' + q.get(ctx.source) +
      ',"request_id":' + jsonStringOrNull(ctx.request_id) +
      ',"error_message":' + (failed ? jsonString(errorMessageOf(o.error)) : 'null') +
      ',"affected_ids":' + (failed ? 'null' : affectedIds(o.written)) +
      ',"affected_count":' + (failed || o.affected === null ? 'null' : jsonNumber(o.affected)) +
      ',"lsn":' + (o.lsn === null ? 'null' : jsonNumber(o.lsn)) +
      ',"detail":' + jsonStringOrNull(o.detail) + '}';
    return chunks.append(head, o.explain === null ? 'null' : this.#explainJson(o), tail);
  }
}

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

function affectedIds(written: WrittenIds): string {
  if (written === null) return 'null';
  if (typeof written === 'string') return `[${jsonString(written)}]`;
  if (!Array.isArray(written)) return `[${jsonString((written as Doc)._id)}]`;
  const docs = written as readonly Doc[];
  const count = Math.min(docs.length, MAX_AFFECTED_IDS);
  let out = '[';
  for (let i = 0; i < count; i++) out += (i === 0 ? '' : ',') + jsonString(docs[i]!._id);
  return `${out}]`;
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
