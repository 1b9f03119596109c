import { timingSafeEqual } from 'node:crypto';

/**
 * One secret (an API key, the admin token), its bytes encoded once, compared in constant time with
 * what requests send (timingSafeEqual needs equal lengths, so unequal lengths compare a dummy).
 */
export class Secret {
  private readonly bytes: Buffer;
  /** ASCII secrets (generated keys and tokens) compare through a reused buffer: no allocation per request */
  private readonly scratch: Buffer | null;

  constructor(value: string) {
    this.bytes = Buffer.from(value, 'utf8');
    this.scratch = this.bytes.length === value.length ? Buffer.alloc(this.bytes.length) : null;
  }

  matches(given: string): boolean {
    const scratch = this.scratch;
    if (scratch !== null) {
      // Every byte of the scratch buffer must come from `given` (never from an earlier request):
      // a write that does not fill it exactly (a non-ASCII character that does not fit) fails.
      // A filled buffer holding a non-ASCII byte cannot equal an ASCII secret.
      if (given.length !== scratch.length || scratch.write(given, 0, 'utf8') !== scratch.length) {
        timingSafeEqual(this.bytes, this.bytes);
        return false;
      }
      return timingSafeEqual(scratch, this.bytes);
    }
    const a = Buffer.from(given, 'utf8');
    if (a.length !== this.bytes.length) {
      timingSafeEqual(this.bytes, this.bytes);
      return false;
    }
    return timingSafeEqual(a, this.bytes);
  }
}
