// The retained entries in memory, as the collection `_system.operation_log`. Each entry is kept as
// its JSON line (UTF-8, in a LineChunks buffer) plus a few flat fields, in a ring: no object per
// entry, so retaining 100 000 entries costs the garbage collector nearly nothing. The numeric fields
// of a slot sit side by side in one typed array (an append touches three arrays, not eight: in the
// server, reaching memory other requests evicted is what an append costs).
// The documents and the ordered indexes the planner needs are built from the lines only when the
// collection is queried, and then kept up to date lazily.
import { CollectionIndexes } from '../index/collection-indexes.js';
import { deepFreeze } from '../schema/deep-freeze.js';
import type { Doc } from '../types.js';
import { OPLOG_OPERATIONS, oplogId, type OplogEntry, type OplogOperation } from './oplog-entry.js';
import { OPLOG_SCHEMA } from './oplog-schema.js';

/** The fields of an entry live filters look at. */
export interface OplogMeta {
  readonly seq: number;
  readonly epochMs: number;
  readonly collection: string | null;
  readonly operation: OplogOperation;
  readonly slow: boolean;
}

/** An entry's JSON line with its filterable fields. */
export interface OplogLine extends OplogMeta {
  readonly line: string;
}

const INITIAL_SLOTS = 1024;
/** per slot in #fields: where the line starts and ends in its chunk, seq, epoch ms, operation index + slow flag */
const FIELDS = 5;
const START = 0;
const END = 1;
const SEQ = 2;
const EPOCH_MS = 3;
const FLAGS = 4;
/** FLAGS: the operation's index in OPLOG_OPERATIONS, plus SLOW */
const SLOW = 64;
const OPERATION_INDEX = new Map<string, number>(OPLOG_OPERATIONS.map((operation, i) => [operation, i]));

export class OplogWindow {
  readonly #capacity: number;
  // the ring: slot (#head + i) % #slots holds the i-th oldest retained entry
  #slots: number;
  #head = 0;
  #size = 0;
  #chunks: Array<Buffer | undefined>;
  #fields: Float64Array;
  #collections: Array<string | null>;

  // ---- the queryable view, caught up lazily
  readonly #indexes = new CollectionIndexes(OPLOG_SCHEMA);
  readonly #docs = new Map<string, Doc>();
  /** documents dropped from the window that the view still holds */
  #dropped: Doc[] = [];
  /** entries ever appended / ever dropped / held by the view (counted from the first append) */
  #appended = 0;
  #removed = 0;
  #viewed = 0;

  readonly #onRelease: (chunk: Buffer) => void;

  /** `onRelease(chunk)`: the window dropped the last entry whose line is in `chunk` */
  constructor(capacity: number, onRelease: (chunk: Buffer) => void = () => undefined) {
    this.#capacity = capacity;
    this.#onRelease = onRelease;
    this.#slots = Math.min(capacity, INITIAL_SLOTS);
    this.#chunks = new Array<Buffer | undefined>(this.#slots);
    this.#fields = new Float64Array(this.#slots * FIELDS);
    this.#collections = new Array<string | null>(this.#slots);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends an entry whose line is chunk[start, end), dropping the oldest beyond the capacity. */
  append(chunk: Buffer, start: number, end: number, seq: number, epochMs: number, collection: string | null, operation: OplogOperation, slow: boolean): void {
    if (this.#size === this.#capacity) this.#dropOldest();
    else if (this.#size === this.#slots) this.#grow();
    const slot = (this.#head + this.#size) % this.#slots;
    this.#chunks[slot] = chunk;
    this.#collections[slot] = collection;
    const f = this.#fields;
    const at = slot * FIELDS;
    f[at + START] = start;
    f[at + END] = end;
    f[at + SEQ] = seq;
    f[at + EPOCH_MS] = epochMs;
    f[at + FLAGS] = OPERATION_INDEX.get(operation)! + (slow ? SLOW : 0);
    this.#size++;
    this.#appended++;
  }

  dropOlderThan(cutoffEpochMs: number): void {
    while (this.#size > 0 && this.#fields[this.#head * FIELDS + EPOCH_MS]! < cutoffEpochMs) this.#dropOldest();
  }

  /** The newest `count` (or fewer) entries that `keep` accepts, oldest first. */
  newest(count: number, keep: (entry: OplogMeta) => boolean): OplogLine[] {
    const out: OplogLine[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < count; i--) {
      const slot = (this.#head + i) % this.#slots;
      const at = slot * FIELDS;
      const flags = this.#fields[at + FLAGS]!;
      const meta: OplogMeta = {
        seq: this.#fields[at + SEQ]!,
        epochMs: this.#fields[at + EPOCH_MS]!,
        collection: this.#collections[slot]!,
        operation: OPLOG_OPERATIONS[flags % SLOW]!,
        slow: flags >= SLOW,
      };
      if (keep(meta)) out.push({ ...meta, line: this.#line(slot) });
    }
    return out.reverse();
  }

  /** The collection's indexes and documents, up to date with every appended entry. */
  queryable(): { indexes: CollectionIndexes; docs: ReadonlyMap<string, Doc> } {
    for (const doc of this.#dropped) {
      this.#indexes.apply(doc, undefined);
      this.#docs.delete(doc._id);
    }
    this.#dropped = [];
    for (let n = Math.max(this.#viewed, this.#removed); n < this.#appended; n++) {
      const slot = (this.#head + (n - this.#removed)) % this.#slots;
      const doc = deepFreeze(JSON.parse(this.#line(slot)) as OplogEntry) as unknown as Doc;
      this.#indexes.apply(undefined, doc);
      this.#docs.set(doc._id, doc);
    }
    this.#viewed = this.#appended;
    return { indexes: this.#indexes, docs: this.#docs };
  }

  #line(slot: number): string {
    return this.#chunks[slot]!.toString('utf8', this.#fields[slot * FIELDS + START]!, this.#fields[slot * FIELDS + END]!);
  }

  #dropOldest(): void {
    const slot = this.#head;
    if (this.#removed < this.#viewed) {
      // the view holds it: remove it at the next catch-up (its document is needed for the index keys)
      const doc = this.#docs.get(oplogId(this.#fields[slot * FIELDS + SEQ]!));
      if (doc) this.#dropped.push(doc);
    }
    const chunk = this.#chunks[slot];
    this.#chunks[slot] = undefined;
    this.#collections[slot] = null;
    this.#head = (this.#head + 1) % this.#slots;
    this.#size--;
    this.#removed++;
    // lines are appended in chunk order: once the oldest entry is in another chunk, none is in this one
    if (chunk !== undefined && (this.#size === 0 || this.#chunks[this.#head] !== chunk)) this.#onRelease(chunk);
  }

  /** Doubles the ring (up to the capacity), laying the entries out oldest first from slot 0. */
  #grow(): void {
    const slots = Math.min(this.#capacity, this.#slots * 2);
    const chunks = new Array<Buffer | undefined>(slots);
    const fields = new Float64Array(slots * FIELDS);
    const collections = new Array<string | null>(slots);
    for (let i = 0; i < this.#size; i++) {
      const from = (this.#head + i) % this.#slots;
      chunks[i] = this.#chunks[from];
      collections[i] = this.#collections[from]!;
      fields.set(this.#fields.subarray(from * FIELDS, from * FIELDS + FIELDS), i * FIELDS);
    }
    this.#chunks = chunks;
    this.#fields = fields;
    this.#collections = collections;
    this.#slots = slots;
    this.#head = 0;
  }
}
