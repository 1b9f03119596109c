// A bounded selection of the best k hits in result order (score descending, then _id ascending),
// as a binary heap whose root is the worst hit kept. O(n log k) for n candidates.
export interface Hit {
  score: number;
  ord: number;
  id: string;
}

/** true when a comes after b in result order */
function after(a: Hit, b: Hit): boolean {
  return a.score < b.score || (a.score === b.score && a.id > b.id);
}

export class TopHits {
  readonly capacity: number;
  readonly #heap: Hit[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Would this hit be kept? (checked before a hit object is built: most candidates are not) */
  admits(score: number, id: string): boolean {
    if (this.#heap.length < this.capacity) return true;
    const worst = this.#heap[0]!;
    return score > worst.score || (score === worst.score && id < worst.id);
  }

  /** admits() for a hit known to come after every kept hit on equal scores (a larger _id). */
  admitsLater(score: number): boolean {
    return this.#heap.length < this.capacity || score > this.#heap[0]!.score;
  }

  get full(): boolean {
    return this.#heap.length === this.capacity;
  }

  /** The score of the worst kept hit (-Infinity until full). */
  get worstScore(): number {
    return this.full ? this.#heap[0]!.score : -Infinity;
  }

  offer(hit: Hit): void {
    const heap = this.#heap;
    if (heap.length < this.capacity) {
      heap.push(hit);
      this.#siftUp(heap.length - 1);
    } else if (after(heap[0]!, hit)) {
      heap[0] = hit;
      this.#siftDown(0);
    }
  }

  /** The kept hits in result order. */
  sorted(): Hit[] {
    return [...this.#heap].sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0));
  }

  #siftUp(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!after(heap[i]!, heap[parent]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && after(heap[left]!, heap[worst]!)) worst = left;
      if (right < heap.length && after(heap[right]!, heap[worst]!)) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  }
}
