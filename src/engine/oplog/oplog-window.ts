// The retained entries in memory, as the collection `_system.operation_log`. Each entry is kept as
// its JSON line (UTF-8, in a LineChunks buffer) plus a few flat fields, in a ring of typed arrays:
// no object per entry, so retaining 100 000 entries costs the garbage collector nearly nothing.
// The documents and the ordered indexes the planner needs are built from the lines only when the
// collection is queried, and then kept up to date lazily.
import { CollectionIndexes } from '../index/collection-indexes.js';
import { deepFreeze } from '../schema/deep-freeze.js';
import type { Doc } from '../types.js';
import { oplogId, type OplogEntry, type OplogOperation } from './oplog-entry.js';
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

export class OplogWindow {
  readonly #capacity: number;
  // the ring: slot (#head + i) % #slots holds the i-th oldest retained entry
  #slots: number;
  #head = 0;
  #size = 0;
  #chunks: Array<Buffer | undefined>;
  #starts: Int32Array;
  #ends: Int32Array;
  #seqs: Float64Array;
  #epochMs: Float64Array;
  #collections: Array<string | null>;
  #operations: OplogOperation[];
  #slow: Uint8Array;

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
    this.#starts = new Int32Array(this.#slots);
    this.#ends = new Int32Array(this.#slots);
    this.#seqs = new Float64Array(this.#slots);
    this.#epochMs = new Float64Array(this.#slots);
    this.#collections = new Array<string | null>(this.#slots);
    this.#operations = new Array<OplogOperation>(this.#slots);
    this.#slow = new Uint8Array(this.#slots);
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
    this.#starts[slot] = start;
    this.#ends[slot] = end;
    this.#seqs[slot] = seq;
    this.#epochMs[slot] = epochMs;
    this.#collections[slot] = collection;
    this.#operations[slot] = operation;
    this.#slow[slot] = slow ? 1 : 0;
    this.#size++;
    this.#appended++;
  }

  dropOlderThan(cutoffEpochMs: number): void {
    while (this.#size > 0 && this.#epochMs[this.#head]! < cutoffEpochMs) this.#dropOldest();
  }

  /** The newest `count` (or fewer) entries that `keep` accepts, oldest first. */
  newest(count: number, keep: (entry: OplogMeta) => boolean): OplogLine[] {
    const out: OplogLine[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < count; i--) {
      const slot = (this.#head + i) % this.#slots;
      const meta: OplogMeta = {
        seq: this.#seqs[slot]!,
        epochMs: this.#epochMs[slot]!,
        collection: this.#collections[slot]!,
        operation: this.#operations[slot]!,
        slow: this.#slow[slot] === 1,
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
    return this.#chunks[slot]!.toString('utf8', this.#starts[slot]!, this.#ends[slot]!);
  }

  #dropOldest(): void {
    const slot = this.#head;
    if (this.#removed < this.#viewed) {
      // the view holds it: remove it at the next catch-up (its document is needed for the index keys)
      const doc = this.#docs.get(oplogId(this.#seqs[slot]!));
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
    const order = (i: number) => (this.#head + i) % this.#slots;
    const chunks = new Array<Buffer | undefined>(slots);
    const starts = new Int32Array(slots);
    const ends = new Int32Array(slots);
    const seqs = new Float64Array(slots);
    const epochMs = new Float64Array(slots);
    const collections = new Array<string | null>(slots);
    const operations = new Array<OplogOperation>(slots);
    const slow = new Uint8Array(slots);
    for (let i = 0; i < this.#size; i++) {
      const from = order(i);
      chunks[i] = this.#chunks[from];
      starts[i] = this.#starts[from]!;
      ends[i] = this.#ends[from]!;
      seqs[i] = this.#seqs[from]!;
      epochMs[i] = this.#epochMs[from]!;
      collections[i] = this.#collections[from]!;
      operations[i] = this.#operations[from]!;
      slow[i] = this.#slow[from]!;
    }
    this.#chunks = chunks;
    this.#starts = starts;
    this.#ends = ends;
    this.#seqs = seqs;
    this.#epochMs = epochMs;
    this.#collections = collections;
    this.#operations = operations;
    this.#slow = slow;
    this.#slots = slots;
    this.#head = 0;
  }
}
