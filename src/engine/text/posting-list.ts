// The postings of one term: the ordinals of the documents holding it (ascending, because ordinals are
// handed out in increasing order and compaction re-sorts) and, per posting, the term's frequency in
// each indexed field. Typed arrays keep a 100k-posting scan cache-friendly.
//
// Postings are grouped in blocks of BLOCK_SIZE with, per field, the largest tf and the smallest field
// length among the block's postings that hold the term there: enough to bound any BM25 score in the
// block from above, so a top-k search can skip blocks that cannot reach the page (block-max pruning).
export const BLOCK_SIZE = 64;
const INITIAL_CAPACITY = 4;
const MAX_TF = 0xffff;
const NO_LENGTH = 0xffffffff;

export class PostingList {
  readonly fieldCount: number;
  ords: Int32Array;
  /** tf of posting i in field f is tfs[i * fieldCount + f] (saturates at 65535) */
  tfs: Uint16Array;
  /** per block b and field f: the largest tf, at b * fieldCount + f */
  blockMaxTf: Uint16Array;
  /** per block b and field f: the smallest field length where tf > 0 (0xffffffff when none) */
  blockMinLength: Uint32Array;
  /** postings stored, including those of deleted documents not yet compacted away */
  size = 0;
  /** postings of live documents: the term's document frequency n(t) */
  live = 0;

  constructor(fieldCount: number, capacity = INITIAL_CAPACITY) {
    this.fieldCount = fieldCount;
    this.ords = new Int32Array(capacity);
    this.tfs = new Uint16Array(capacity * fieldCount);
    this.blockMaxTf = new Uint16Array(blocksFor(capacity) * fieldCount);
    this.blockMinLength = new Uint32Array(blocksFor(capacity) * fieldCount).fill(NO_LENGTH);
  }

  append(ord: number, tfRow: ArrayLike<number>, lengthRow: ArrayLike<number>): void {
    if (this.size === this.ords.length) this.#resize(this.size * 2);
    const f = this.fieldCount;
    const at = this.size;
    const block = Math.floor(at / BLOCK_SIZE) * f;
    for (let k = 0; k < f; k++) {
      const tf = Math.min(tfRow[k]!, MAX_TF);
      this.tfs[at * f + k] = tf;
      if (tf === 0) continue;
      if (tf > this.blockMaxTf[block + k]!) this.blockMaxTf[block + k] = tf;
      if (lengthRow[k]! < this.blockMinLength[block + k]!) this.blockMinLength[block + k] = lengthRow[k]!;
    }
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

  /**
   * Keeps only postings whose ordinal maps to a new one (>= 0), renumbered and re-sorted by the new
   * ordinal; `lengthOf(newOrd, f)` gives field lengths to recompute the block bounds.
   */
  remap(newOrd: Int32Array, lengthOf: (ord: number, f: number) => number): void {
    const f = this.fieldCount;
    const kept: Array<{ ord: number; from: number }> = [];
    for (let i = 0; i < this.size; i++) {
      const mapped = newOrd[this.ords[i]!]!;
      if (mapped >= 0) kept.push({ ord: mapped, from: i });
    }
    kept.sort((a, b) => a.ord - b.ord);
    const oldTfs = this.tfs;
    const capacity = Math.max(INITIAL_CAPACITY, kept.length);
    this.ords = new Int32Array(capacity);
    this.tfs = new Uint16Array(capacity * f);
    this.blockMaxTf = new Uint16Array(blocksFor(capacity) * f);
    this.blockMinLength = new Uint32Array(blocksFor(capacity) * f).fill(NO_LENGTH);
    this.size = 0;
    this.live = 0;
    const row = new Array<number>(f);
    const lengths = new Array<number>(f);
    for (const { ord, from } of kept) {
      for (let k = 0; k < f; k++) {
        row[k] = oldTfs[from * f + k]!;
        lengths[k] = lengthOf(ord, k);
      }
      this.append(ord, row, lengths);
    }
  }

  #resize(capacity: number): void {
    const f = this.fieldCount;
    const ords = new Int32Array(capacity);
    ords.set(this.ords.subarray(0, this.size));
    const tfs = new Uint16Array(capacity * f);
    tfs.set(this.tfs.subarray(0, this.size * f));
    const maxTf = new Uint16Array(blocksFor(capacity) * f);
    maxTf.set(this.blockMaxTf);
    const minLength = new Uint32Array(blocksFor(capacity) * f).fill(NO_LENGTH);
    minLength.set(this.blockMinLength);
    this.ords = ords;
    this.tfs = tfs;
    this.blockMaxTf = maxTf;
    this.blockMinLength = minLength;
  }
}

function blocksFor(capacity: number): number {
  return Math.ceil(capacity / BLOCK_SIZE);
}
