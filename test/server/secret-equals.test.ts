// API keys and tokens are compared in constant time through a reused buffer; nothing left in that
// buffer by one request may make another's key match.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/server/http/secret-equals.js';

describe('Secret', () => {
  it('matches exactly the secret', () => {
    const secret = new Secret('aero_service_0123456789abcdef');
    expect(secret.matches('aero_service_0123456789abcdef')).toBe(true);
    expect(secret.matches('aero_service_0123456789abcdeF')).toBe(false);
    expect(secret.matches('aero_service_0123456789abcde')).toBe(false);
    expect(secret.matches('')).toBe(false);
  });

  it('a non-ASCII attempt of the same length never reuses bytes of an earlier match', () => {
    const secret = new Secret('abcd');
    expect(secret.matches('abcd')).toBe(true);
    // 'abc' + é: four characters, five UTF-8 bytes; only 'abc' fits, the 4th byte would be stale
    expect(secret.matches('abc\u00e9')).toBe(false);
    expect(secret.matches('\u00e9bcd')).toBe(false);
    expect(secret.matches('ab\u{1F600}')).toBe(false);
    expect(secret.matches('abcd')).toBe(true);
  });

  it('non-ASCII secrets still compare correctly', () => {
    const secret = new Secret('clé-\u00e9');
    expect(secret.matches('clé-\u00e9')).toBe(true);
    expect(secret.matches('cle-e')).toBe(false);
  });
});
