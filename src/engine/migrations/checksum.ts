import { createHash } from 'node:crypto';

/** `sha256:` + hex SHA-256 of the bytes with CRLF normalised to LF (an autocrlf checkout is not "modified"). */
export function migrationChecksum(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(normaliseLineEndings(bytes)).digest('hex')}`;
}

function normaliseLineEndings(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d && bytes[i + 1] === 0x0a) continue;
    out[n++] = b;
  }
  return out.subarray(0, n);
}
