// The retained entries in memory, as the collection `_system.operation_log`. Each entry is kept as
// its JSON line (UTF-8, in a LineChunks buffer) plus a few flat fields: no object graph per entry,
// so retaining 100 000 entries costs the garbage collector nearly nothing. The documents and the ordered indexes the planner needs are
// built from the lines only when the collection is queried, and then kept up to date lazily.
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

const COMPACT_AFTER = 4096;

export class OplogWindow {
  readonly #capacity: number;
  // parallel arrays, oldest first, live from #head on (compacted now and then)
  #chunks: Buffer[] = [];
  #starts: number[] = [];
  #ends: number[] = [];
  #seqs: number[] = [];
  #epochMs: number[] = [];
  #collections: Array<string | null> = [];
  #operations: OplogOperation[] = [];
  #slow: boolean[] = [];
  #head = 0;

  // ---- the queryable view, caught up lazily
  readonly #indexes = new CollectionIndexes(OPLOG_SCHEMA);
  readonly #docs = new Map<string, Doc>();
  /** documents dropped from the window that the view still holds */
  #dropped: Doc[] = [];
  /** entries ever appended / ever dropped / held by the view (counted from the first append) */
  #appended = 0;
  #removed = 0;
  #viewed = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#seqs.length - this.#head;
  }

  /** Appends an entry whose line is chunk[start, end). */
  append(chunk: Buffer, start: number, end: number, seq: number, epochMs: number, collection: string | null, operation: OplogOperation, slow: boolean): void {
    this.#chunks.push(chunk);
    this.#starts.push(start);
    this.#ends.push(end);
    this.#seqs.push(seq);
    this.#epochMs.push(epochMs);
    this.#collections.push(collection);
    this.#operations.push(operation);
    this.#slow.push(slow);
    this.#appended++;
    if (this.size > this.#capacity) this.#dropOldest();
  }

  dropOlderThan(cutoffEpochMs: number): void {
    while (this.size > 0 && this.#epochMs[this.#head]! < cutoffEpochMs) this.#dropOldest();
  }

  /** The newest `count` (or fewer) entries that `keep` accepts, oldest first. */
  newest(count: number, keep: (entry: OplogMeta) => boolean): OplogLine[] {
    const out: OplogLine[] = [];
    for (let i = this.#seqs.length - 1; i >= this.#head && out.length < count; i--) {
      const meta: OplogMeta = { seq: this.#seqs[i]!, epochMs: this.#epochMs[i]!, collection: this.#collections[i]!, operation: this.#operations[i]!, slow: this.#slow[i]! };
      if (keep(meta)) out.push({ ...meta, line: this.#line(i) });
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
      const doc = deepFreeze(JSON.parse(this.#line(this.#head + (n - this.#removed))) as OplogEntry) as unknown as Doc;
      this.#indexes.apply(undefined, doc);
      this.#docs.set(doc._id, doc);
    }
    this.#viewed = this.#appended;
    return { indexes: this.#indexes, docs: this.#docs };
  }

  #line(i: number): string {
    return this.#chunks[i]!.toString('utf8', this.#starts[i]!, this.#ends[i]!);
  }

  #dropOldest(): void {
    if (this.#removed < this.#viewed) {
      // the view holds it: remove it at the next catch-up (its document is needed for the index keys)
      const doc = this.#docs.get(oplogId(this.#seqs[this.#head]!));
      if (doc) this.#dropped.push(doc);
    }
    this.#head++;
    this.#removed++;
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#seqs.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#starts = this.#starts.slice(this.#head);
      this.#ends = this.#ends.slice(this.#head);
      this.#seqs = this.#seqs.slice(this.#head);
      this.#epochMs = this.#epochMs.slice(this.#head);
      this.#collections = this.#collections.slice(this.#head);
      this.#operations = this.#operations.slice(this.#head);
      this.#slow = this.#slow.slice(this.#head);
      this.#head = 0;
    }
  }
}
