import { timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (timingSafeEqual needs equal lengths, so unequal lengths compare a dummy). */
export function secretEquals(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
