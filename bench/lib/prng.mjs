// Seeded PRNG (mulberry32) so every run, and both engines, see the same documents and the same
// query keys. Math.random is never used for data.
export class Prng {
  #state;

  constructor(seed) {
    this.#state = seed >>> 0;
  }

  /** uniform float in [0, 1) */
  next() {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** uniform integer in [0, n) */
  int(n) {
    return Math.floor(this.next() * n);
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** `digits` lowercase hex characters */
  hex(digits) {
    let out = '';
    while (out.length < digits) out += ((this.next() * 0x10000) >>> 0).toString(16).padStart(4, '0');
    return out.slice(0, digits);
  }
}
