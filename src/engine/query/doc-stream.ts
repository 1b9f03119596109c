// Pull-based streams of matching documents in a plan's result order. Streams are lazy: a page of 20
// from a 100k-entry range touches ~21 entries, never the whole range.
import { compareValues } from '../index/value-order.js';
import type { Doc } from '../types.js';

export interface ScanStats {
  /** index entries / documents examined, whether or not they passed the residual filter */
  scanned: number;
}

export interface DocStream {
  /** Moves to the next matching document; false once exhausted. */
  advance(): boolean;
  /** the current document (valid after advance() returned true) */
  readonly doc: Doc;
  /** the current document's values for the plan's order entries (last one is _id) */
  orderKey(): readonly unknown[];
}

/** +1 for asc, -1 for desc, one per order entry. */
export type OrderSigns = readonly number[];

export function compareOrderKeys(a: readonly unknown[], b: readonly unknown[], signs: OrderSigns): number {
  for (let i = 0; i < signs.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c * signs[i]!;
  }
  return 0;
}

export const EMPTY_STREAM: DocStream = {
  advance: () => false,
  get doc(): Doc {
    throw new Error('empty stream has no document');
  },
  orderKey: () => [],
};

/** A stream over documents already filtered and in order (PK lookups). */
export class ArrayStream implements DocStream {
  readonly #items: ReadonlyArray<{ doc: Doc; key: readonly unknown[] }>;
  #pos = -1;

  constructor(items: ReadonlyArray<{ doc: Doc; key: readonly unknown[] }>) {
    this.#items = items;
  }

  advance(): boolean {
    if (this.#pos >= this.#items.length) return false;
    this.#pos++;
    return this.#pos < this.#items.length;
  }

  get doc(): Doc {
    return this.#items[this.#pos]!.doc;
  }

  orderKey(): readonly unknown[] {
    return this.#items[this.#pos]!.key;
  }
}

/** Drops repeats of the same document (adjacent in a total order ending with _id): the $or union. */
export class DedupStream implements DocStream {
  readonly #inner: DocStream;
  #lastId: string | undefined;

  constructor(inner: DocStream) {
    this.#inner = inner;
  }

  advance(): boolean {
    while (this.#inner.advance()) {
      const id = this.#inner.doc._id;
      if (id === this.#lastId) continue;
      this.#lastId = id;
      return true;
    }
    return false;
  }

  get doc(): Doc {
    return this.#inner.doc;
  }

  orderKey(): readonly unknown[] {
    return this.#inner.orderKey();
  }
}
