// The entry writer's shortcuts print exactly what the general path would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampFormatter } from '../../../src/engine/oplog/entry-builder.js';
import { JsonBytes, jsonStringBound, NUMBER_BOUND, textBound } from '../../../src/engine/oplog/json-bytes.js';

const expectedMillis = (ms: number) => JSON.stringify(Math.round(ms * 1000) / 1000);

/** What `write` puts into a buffer through JsonBytes (with `bound` bytes reserved), as text. */
function written(bound: number, write: (w: JsonBytes) => void): string {
  // a dirty buffer with one byte of slack: a write beyond the bound or a stale byte shows
  const buf = Buffer.alloc(bound + 8, 0x7e);
  const w = new JsonBytes();
  w.at(buf, 3);
  write(w);
  expect(w.pos - 3).toBeLessThanOrEqual(bound);
  return buf.toString('utf8', 3, w.pos);
}
const jsonMillis = (ms: number) => written(NUMBER_BOUND, (w) => w.millis(ms));

describe('JsonBytes', () => {
  it('writes strings exactly as JSON.stringify does, within jsonStringBound', () => {
    const edges = ['', 'plain', 'a"b', 'back\\slash', 'tab\tnew\nline', '\u0000\u001f\u007f', 'é', '日本', '😀', '\ud800', '\u2028', 'x'.repeat(300)];
    for (const s of edges) expect(written(jsonStringBound(s), (w) => w.string(s)), JSON.stringify(s)).toBe(JSON.stringify(s));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => written(jsonStringBound(s), (w) => w.string(s)) === JSON.stringify(s)),
      { numRuns: 5_000, seed: 11 },
    );
  });

  it('copies JSON texts as UTF-8 within textBound', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        return written(textBound(text), (w) => w.text(text)) === text;
      }),
      { numRuns: 2_000, seed: 12 },
    );
  });

  it('writes numbers as JSON.stringify does', () => {
    const edges = [0, -0, 1, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -1, 0.5, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, -Number.MAX_VALUE, Number.MIN_VALUE];
    for (const n of edges) expect(written(NUMBER_BOUND, (w) => w.number(n)), String(n)).toBe(JSON.stringify(n));
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.double()), (n) => written(NUMBER_BOUND, (w) => w.number(n)) === JSON.stringify(n)), { numRuns: 5_000, seed: 13 });
  });

  it('writes 16 hex digits of any sequence number', () => {
    const edges = [0, 1, 15, 16, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    for (const n of edges) expect(written(16, (w) => w.hex16(n))).toBe(n.toString(16).padStart(16, '0'));
    fc.assert(fc.property(fc.maxSafeNat(), (n) => written(16, (w) => w.hex16(n)) === n.toString(16).padStart(16, '0')), { numRuns: 5_000, seed: 14 });
  });
});

describe('JsonBytes.millis', () => {
  it('prints JSON.stringify(Math.round(ms * 1000) / 1000) at the edges', () => {
    const edges = [0, -0, 0.0004, 0.0005, 0.001, 0.01, 0.1, 0.12, 0.123, 1, 1.5, 1.05, 1.005, 10.1, 99.999, 100, 1234.5678, -1, -0.0004, 1073741.823, 1073741.824, 5e9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const ms of edges) expect(jsonMillis(ms), String(ms)).toBe(expectedMillis(ms));
  });

  it('prints JSON.stringify(Math.round(ms * 1000) / 1000) for any duration', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 2e6, noNaN: true }), fc.integer({ min: 0, max: 2_000_000_000 }).map((us) => us / 1000)), (ms) => jsonMillis(ms) === expectedMillis(ms)),
      { numRuns: 20_000, seed: 5 },
    );
  });
});

describe('TimestampFormatter', () => {
  it('prints new Date(ms).toISOString() of the whole millisecond', () => {
    const formatter = new TimestampFormatter();
    const edges = [0, 999, 1000, 1001, -1, -1000, 1.9, Date.UTC(2026, 10, 28, 9, 30, 0, 123), 253_402_300_799_999, 253_402_300_800_000];
    for (const ms of edges) expect(formatter.format(ms), String(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    // steps forward as a clock does: mostly within a second, sometimes across one
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.integer({ min: 0, max: 5000 })), { maxLength: 200 }), (steps) => {
        let t = Date.UTC(2026, 10, 28);
        return steps.every((step) => formatter.format((t += step)) === new Date(Math.floor(t)).toISOString());
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
