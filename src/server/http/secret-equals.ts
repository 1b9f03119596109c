import { timingSafeEqual } from 'node:crypto';

/**
 * One secret (an API key, the admin token), its bytes encoded once, compared in constant time with
 * what requests send (timingSafeEqual needs equal lengths, so unequal lengths compare a dummy).
 */
export class Secret {
  private readonly bytes: Buffer;

  constructor(value: string) {
    this.bytes = Buffer.from(value, 'utf8');
  }

  matches(given: string): boolean {
    const a = Buffer.from(given, 'utf8');
    if (a.length !== this.bytes.length) {
      timingSafeEqual(this.bytes, this.bytes);
      return false;
    }
    return timingSafeEqual(a, this.bytes);
  }
}
