import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 generator (RFC 9562): 48-bit Unix ms timestamp, then a 12-bit counter in rand_a so ids made
 * in the same millisecond by one database still sort in creation order, then 62 random bits.
 */
export class UuidV7Generator {
  private lastMs = -1;
  private counter = 0;

  next(): string {
    let ms = Date.now();
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.counter++;
      if (this.counter > 0xfff) {
        // counter exhausted within one ms: borrow the next millisecond to stay monotonic
        ms = this.lastMs + 1;
        this.counter = 0;
      }
    } else {
      this.counter = 0;
    }
    this.lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | ((this.counter >> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
