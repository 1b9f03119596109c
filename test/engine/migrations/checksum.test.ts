import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../../src/engine/migrations/checksum.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('migration checksum', () => {
  it('is sha256: + hex of the bytes', () => {
    expect(migrationChecksum(Buffer.from('hello'))).toBe('sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('normalises CRLF to LF, so an autocrlf checkout has the same checksum', () => {
    const lf = '{\n  "version": "001"\n}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(migrationChecksum(Buffer.from(crlf))).toBe(migrationChecksum(Buffer.from(lf)));
    expect(migrationChecksum(Buffer.from(crlf))).toBe(sha(lf));
  });

  it('keeps a lone CR and any other byte change significant', () => {
    expect(migrationChecksum(Buffer.from('a\rb'))).toBe(sha('a\rb'));
    expect(migrationChecksum(Buffer.from('a\n'))).not.toBe(migrationChecksum(Buffer.from('a \n')));
    // one pass, like git: CR CR LF becomes CR LF
    expect(migrationChecksum(Buffer.from('a\r\r\nb'))).toBe(sha('a\r\nb'));
  });
});
