// The entry writer's shortcuts print exactly what the general path would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampFormatter } from '../../../src/engine/oplog/entry-builder.js';
import { jsonMillis } from '../../../src/engine/oplog/json-text.js';

const expectedMillis = (ms: number) => JSON.stringify(Math.round(ms * 1000) / 1000);

describe('jsonMillis', () => {
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
