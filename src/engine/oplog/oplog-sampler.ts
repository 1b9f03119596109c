// The sample_rate decision: a pure function of (seed, sequence number), so the same seed and the same
// operation sequence keep exactly the same entries (testable, and no Math.random in the engine).

const TWO_POW_32 = 0x1_0000_0000;

export class OplogSampler {
  readonly rate: number;
  readonly #seed: number;
  /** rate scaled to the 32-bit hash range: keep when hash < threshold */
  readonly #threshold: number;

  constructor(rate: number, seed: number) {
    this.rate = rate;
    this.#seed = seed >>> 0;
    this.#threshold = rate * TWO_POW_32;
  }

  /** Whether the operation with sequence number `seq` is kept. */
  keep(seq: number): boolean {
    if (this.rate >= 1) return true;
    if (this.rate <= 0) return false;
    return sampleHash(this.#seed, seq) < this.#threshold;
  }
}

/** A well-mixed unsigned 32-bit hash of (seed, seq) (murmur3's finaliser over both halves of seq). */
export function sampleHash(seed: number, seq: number): number {
  let h = (seed ^ Math.imul(seq >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(seq / TWO_POW_32), 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
