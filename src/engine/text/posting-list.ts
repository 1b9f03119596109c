// The postings of one term: the ordinals of the documents holding it (ascending, because ordinals are
// handed out in increasing order and compaction keeps their order) and, per posting, the term's
// frequency in each indexed field. Typed arrays keep a 100k-posting scan cache-friendly.
const INITIAL_CAPACITY = 4;
const MAX_TF = 0xffff;

export class PostingList {
  readonly fieldCount: number;
  ords: Int32Array;
  /** tf of posting i in field f is tfs[i * fieldCount + f] (saturates at 65535) */
  tfs: Uint16Array;
  /** postings stored, including those of deleted documents not yet compacted away */
  size = 0;
  /** postings of live documents: the term's document frequency n(t) */
  live = 0;

  constructor(fieldCount: number, capacity = INITIAL_CAPACITY) {
    this.fieldCount = fieldCount;
    this.ords = new Int32Array(capacity);
    this.tfs = new Uint16Array(capacity * fieldCount);
  }

  append(ord: number, tfRow: readonly number[]): void {
    if (this.size === this.ords.length) this.#grow(this.size * 2);
    const base = this.size * this.fieldCount;
    for (let f = 0; f < this.fieldCount; f++) this.tfs[base + f] = Math.min(tfRow[f]!, MAX_TF);
    this.ords[this.size++] = ord;
    this.live++;
  }

  /** Position of `ord` in this list, or -1 (binary search: ords are ascending). */
  positionOf(ord: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.ords[mid]!;
      if (value === ord) return mid;
      if (value < ord) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Keeps only postings whose ordinal maps to a new one (>= 0), renumbered; order is preserved. */
  remap(newOrd: Int32Array): void {
    const f = this.fieldCount;
    let out = 0;
    for (let i = 0; i < this.size; i++) {
      const mapped = newOrd[this.ords[i]!]!;
      if (mapped < 0) continue;
      this.ords[out] = mapped;
      for (let k = 0; k < f; k++) this.tfs[out * f + k] = this.tfs[i * f + k]!;
      out++;
    }
    this.size = out;
    this.live = out;
    this.#grow(Math.max(INITIAL_CAPACITY, out));
  }

  #grow(capacity: number): void {
    const ords = new Int32Array(capacity);
    ords.set(this.ords.subarray(0, Math.min(this.size, capacity)));
    const tfs = new Uint16Array(capacity * this.fieldCount);
    tfs.set(this.tfs.subarray(0, Math.min(this.size, capacity) * this.fieldCount));
    this.ords = ords;
    this.tfs = tfs;
  }
}
