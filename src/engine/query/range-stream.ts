// One contiguous range of an ordered index, walked lazily forwards or backwards, with the residual
// filter applied to each entry.
import type { IndexKey, IndexTree } from '../index/ordered-index.js';
import { compareKeys } from '../index/value-order.js';
import type { Doc } from '../types.js';
import type { DocStream, ScanStats } from './doc-stream.js';
import { matchesAll, type Predicate } from './predicate.js';

export interface RangeStart {
  /** where iteration starts (inclusive unless `exclusive`) */
  key: IndexKey;
  /** skip `key` itself if it is stored (resuming strictly after/before a cursor) */
  exclusive: boolean;
}

export class RangeStream implements DocStream {
  doc!: Doc;
  readonly #iter: Iterator<[IndexKey, Doc]>;
  readonly #stop: IndexKey;
  readonly #reverse: boolean;
  readonly #residual: readonly Predicate[];
  readonly #orderKeyPos: readonly number[];
  readonly #stats: ScanStats;
  #skipKey: IndexKey | undefined;
  #key: IndexKey = [];
  #orderKey: unknown[] | undefined;
  #done = false;

  /**
   * Forwards: from `start` up to `stop` (a bound built with sentinels, never equal to a stored key).
   * Backwards: from `start` down to `stop`.
   */
  constructor(tree: IndexTree, start: RangeStart, stop: IndexKey, reverse: boolean, residual: readonly Predicate[], orderKeyPos: readonly number[], stats: ScanStats) {
    const reused: unknown[] = [];
    if (reverse) {
      this.#iter = tree.entriesReversed(start.key, reused as (IndexKey | Doc)[], start.exclusive);
    } else {
      // a sentinel-free start key is a stored key: begin at it, or just after it when exclusive
      this.#iter = tree.entries(start.key, reused as (IndexKey | Doc)[]);
      if (start.exclusive) this.#skipKey = start.key;
    }
    this.#stop = stop;
    this.#reverse = reverse;
    this.#residual = residual;
    this.#orderKeyPos = orderKeyPos;
    this.#stats = stats;
  }

  advance(): boolean {
    if (this.#done) return false;
    for (;;) {
      const step = this.#iter.next();
      if (step.done) return this.#finish();
      const key = step.value[0];
      const doc = step.value[1];
      if (this.#skipKey) {
        const skip = compareKeys(key, this.#skipKey) === 0;
        this.#skipKey = undefined;
        if (skip) continue;
      }
      const c = compareKeys(key, this.#stop);
      if (this.#reverse ? c < 0 : c > 0) return this.#finish();
      this.#stats.scanned++;
      if (this.#residual.length > 0 && !matchesAll(this.#residual, doc)) continue;
      this.#key = key;
      this.doc = doc;
      this.#orderKey = undefined;
      return true;
    }
  }

  orderKey(): readonly unknown[] {
    if (!this.#orderKey) {
      const pos = this.#orderKeyPos;
      const out = new Array<unknown>(pos.length);
      for (let i = 0; i < pos.length; i++) out[i] = this.#key[pos[i]!];
      this.#orderKey = out;
    }
    return this.#orderKey;
  }

  #finish(): false {
    this.#done = true;
    return false;
  }
}
