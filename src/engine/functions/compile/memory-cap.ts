// The hard memory cap of a function: every memory a core module defines gets maximum = the cap.
// Worker resourceLimits bound only the JS heap, never WebAssembly linear memory, so the limit has to
// live in the modules themselves; memories other modules import are the capped ones they re-export.

export const WASM_PAGE_BYTES = 65536;
const MEMORY_SECTION = 5;

function readLeb(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = buf[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/**
 * Rewrites the memory section of a core wasm module so each defined 32-bit memory has
 * maximum = min(its maximum, maxPages) (never below its minimum). Returns the new bytes and how many
 * memories were capped.
 */
export function capMemory(bytes: Uint8Array, maxPages: number): { bytes: Uint8Array; patched: number } {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let patched = 0;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const [size, bodyStart] = readLeb(bytes, pos + 1);
    const bodyEnd = bodyStart + size;
    if (id === MEMORY_SECTION) {
      let p = bodyStart;
      let count: number;
      [count, p] = readLeb(bytes, p);
      const body = [...leb(count)];
      for (let i = 0; i < count; i++) {
        const flags = bytes[p++]!;
        if (flags & 4) throw new Error('64-bit memories are not supported');
        let min: number;
        let max: number | undefined;
        [min, p] = readLeb(bytes, p);
        if (flags & 1) [max, p] = readLeb(bytes, p);
        const capped = Math.max(min, max === undefined ? maxPages : Math.min(max, maxPages));
        body.push(flags | 1, ...leb(min), ...leb(capped));
        patched++;
      }
      parts.push(Uint8Array.of(MEMORY_SECTION, ...leb(body.length)), Uint8Array.from(body));
    } else {
      parts.push(bytes.subarray(pos, bodyEnd));
    }
    pos = bodyEnd;
  }
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return { bytes: out, patched };
}
