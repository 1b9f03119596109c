// k-way merge of streams that are each in the same result order (ranges of one $in, or $or branches).
import type { Doc } from '../types.js';
import { compareOrderKeys, type DocStream, type OrderSigns } from './doc-stream.js';

export class MergeStream implements DocStream {
  readonly #children: DocStream[];
  readonly #signs: OrderSigns;
  #heap: DocStream[] = [];
  #started = false;

  constructor(children: DocStream[], signs: OrderSigns) {
    this.#children = children;
    this.#signs = signs;
  }

  advance(): boolean {
    const heap = this.#heap;
    if (!this.#started) {
      this.#started = true;
      for (const child of this.#children) if (child.advance()) heap.push(child);
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
    } else if (heap.length > 0) {
      if (!heap[0]!.advance()) {
        const last = heap.pop()!;
        if (heap.length > 0) heap[0] = last;
      }
      this.#siftDown(0);
    }
    return heap.length > 0;
  }

  get doc(): Doc {
    return this.#heap[0]!.doc;
  }

  orderKey(): readonly unknown[] {
    return this.#heap[0]!.orderKey();
  }

  #less(a: DocStream, b: DocStream): boolean {
    return compareOrderKeys(a.orderKey(), b.orderKey(), this.#signs) < 0;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && this.#less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}
