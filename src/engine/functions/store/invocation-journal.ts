// Every invocation's record: what replay needs to run it again (input, now, seed, caller, version)
// and to compare (output hash, host-call transcript). Kept in segment files
// <data>/functions/_invocations/<first seq>.jsonl, RECORDS_PER_SEGMENT each, the newest KEPT_SEGMENTS.
// The operation log gets a summary of each invocation; this journal is the full record (the oplog
// samples and trims by its own rules, so replay cannot depend on it).
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '../../database-types.js';
import { LineAppender } from './line-appender.js';

export type InvocationTrigger = 'http' | 'db' | 'schedule' | 'cli';

/** One host call, as recorded (at most MAX_RECORDED_CALLS per invocation). */
export type HostCallRecord =
  | { fn: 'db-query'; request: string; response_sha256: string; /** writes only: the answer, so replay can give it back */ response: string | null }
  | { fn: 'log'; level: string };

export interface InvocationRecord {
  id: string;
  function: string;
  version: number;
  sha256: string;
  trigger: InvocationTrigger;
  caller: Caller;
  started_at: string;
  /** what now() returned (ms since the epoch) */
  now: number;
  seed: number;
  /** the input JSON text; null when it was longer than MAX_RECORDED_INPUT (not replayable) */
  input: string | null;
  input_sha256: string;
  status: 'ok' | 'error';
  error_code: string | null;
  /** sha256 of the raw output envelope; null when the guest produced none (timeout, trap) */
  output_sha256: string | null;
  duration_ms: number;
  host_calls: HostCallRecord[];
  host_calls_total: number;
  counts: { env_get: number; now: number; random: number } | null;
}

export const MAX_RECORDED_INPUT = 64 * 1024;
export const MAX_RECORDED_CALLS = 100;
export const MAX_RECORDED_RESPONSE = 64 * 1024;
const RECORDS_PER_SEGMENT = 1000;
const KEPT_SEGMENTS = 10;
const ID_PREFIX = 'inv_';
const ID_PATTERN = /^inv_[0-9a-f]{16}$/;

export class InvocationJournal {
  readonly #dir: string;
  readonly #appender: LineAppender;
  #seq: number;
  #segment: string;
  #inSegment: number;

  /** `root` is <data>/functions */
  constructor(root: string, onError: (message: string) => void) {
    this.#dir = join(root, '_invocations');
    this.#appender = new LineAppender(onError);
    const segments = this.#segments();
    const last = segments.at(-1);
    this.#seq = 0;
    this.#inSegment = RECORDS_PER_SEGMENT;
    this.#segment = '';
    if (last !== undefined) {
      const lines = readLines(join(this.#dir, last));
      for (const line of lines) this.#seq = Math.max(this.#seq, seqOf(idOf(line)) ?? 0);
      this.#seq = Math.max(this.#seq, Number.parseInt(last, 16));
      this.#segment = last;
      this.#inSegment = lines.length;
    }
  }

  /** The id of the next invocation: `inv_` + 16 hex digits, increasing (sorts by start). */
  nextId(): string {
    return ID_PREFIX + (++this.#seq).toString(16).padStart(16, '0');
  }

  append(record: InvocationRecord): void {
    if (this.#inSegment >= RECORDS_PER_SEGMENT) {
      mkdirSync(this.#dir, { recursive: true });
      this.#segment = (seqOf(record.id) ?? this.#seq).toString(16).padStart(16, '0');
      this.#inSegment = 0;
      this.#dropOld();
    }
    this.#inSegment++;
    this.#appender.append(join(this.#dir, `${this.#segment}.jsonl`), JSON.stringify(record));
  }

  /** The record of `id`, or null when it is unknown or no longer kept. */
  find(id: string): InvocationRecord | null {
    if (!ID_PATTERN.test(id)) return null;
    const needle = `{"id":"${id}"`;
    // the current segment may not be on disk yet: its first lines can still be in flight
    const segments = [...new Set([...this.#segments(), ...(this.#segment === '' ? [] : [this.#segment])])].sort().reverse();
    for (const segment of segments) {
      const file = join(this.#dir, `${segment}.jsonl`);
      const lines = [...readLines(file), ...this.#appender.pending(file)];
      const line = lines.find((l) => l.startsWith(needle));
      if (line !== undefined) return JSON.parse(line) as InvocationRecord;
    }
    return null;
  }

  flush(): Promise<void> {
    return this.#appender.flush();
  }

  #segments(): string[] {
    if (!existsSync(this.#dir)) return [];
    return readdirSync(this.#dir)
      .filter((f) => /^[0-9a-f]{16}\.jsonl$/.test(f))
      .map((f) => f.slice(0, 16))
      .sort();
  }

  #dropOld(): void {
    const segments = this.#segments();
    for (const segment of segments.slice(0, Math.max(0, segments.length - (KEPT_SEGMENTS - 1)))) {
      try {
        unlinkSync(join(this.#dir, `${segment}.jsonl`));
      } catch {
        // already gone
      }
    }
  }
}

export function isInvocationId(value: string): boolean {
  return ID_PATTERN.test(value);
}

function seqOf(id: string | null): number | null {
  return id !== null && ID_PATTERN.test(id) ? Number.parseInt(id.slice(ID_PREFIX.length), 16) : null;
}

function idOf(line: string): string | null {
  const match = /^\{"id":"(inv_[0-9a-f]{16})"/.exec(line);
  return match ? match[1]! : null;
}

/** The complete lines of `file` (a line still being appended, without its newline, is left out). */
function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n').filter((line) => line !== '');
}
