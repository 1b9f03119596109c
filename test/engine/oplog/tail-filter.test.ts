import { describe, expect, it } from 'vitest';
import type { OplogEntry } from '../../../src/engine/oplog/oplog-entry.js';
import { matchesTailFilter, parseSince, parseTailFilter, parseTailLimit } from '../../../src/engine/oplog/tail-filter.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const flag = (key: string) => `--${key}`;

describe('tail filter', () => {
  it('parses relative and ISO --since', () => {
    expect(parseSince('10m', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(NOW - 600_000);
    expect(parseSince('2h', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(NOW - 7_200_000);
    expect(parseSince('1.5s', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(NOW - 1500);
    expect(parseSince('500ms', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(NOW - 500);
    expect(parseSince('1d', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(NOW - 86_400_000);
    expect(parseSince('2026-11-28T09:30:00Z', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(Date.UTC(2026, 10, 28, 9, 30));
    expect(parseSince('2026-11-28T10:30:00+01:00', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(Date.UTC(2026, 10, 28, 9, 30));
    // no zone: UTC, like every stored timestamp
    expect(parseSince('2026-11-28 09:30', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(Date.UTC(2026, 10, 28, 9, 30));
    expect(parseSince('2026-11-28', NOW, 'AERO_CONFIG_USAGE', '--since')).toBe(Date.UTC(2026, 10, 28));
  });

  it('rejects what does not parse with the given code, naming the flag and the value', () => {
    for (const bad of ['yesterday', '10', '10x', '-5m', '2026-13-45T99:00Z', '']) {
      expect(() => parseSince(bad, NOW, 'AERO_CONFIG_USAGE', '--since')).toThrow(expect.objectContaining({ code: 'AERO_CONFIG_USAGE', details: { flag: '--since', value: bad } }));
    }
    expect(() => parseTailFilter({ operation: 'select' }, NOW, 'AERO_QUERY_INVALID', (k) => k)).toThrow(
      expect.objectContaining({ code: 'AERO_QUERY_INVALID', message: expect.stringContaining('operation must be one of find, get, insert') }),
    );
    expect(() => parseTailFilter({ collection: ' ' }, NOW, 'AERO_CONFIG_USAGE', flag)).toThrow(expect.objectContaining({ code: 'AERO_CONFIG_USAGE' }));
    for (const bad of ['0', '-1', 'ten', '10001', '1.5']) expect(() => parseTailLimit(bad, 'AERO_CONFIG_USAGE', '--limit')).toThrow(expect.objectContaining({ code: 'AERO_CONFIG_USAGE' }));
    expect(parseTailLimit(undefined, 'AERO_CONFIG_USAGE', '--limit')).toBe(20);
    expect(parseTailLimit('50', 'AERO_CONFIG_USAGE', '--limit')).toBe(50);
  });

  it('matches entries on slow, collection, operation and time', () => {
    const entry = { timestamp: '2026-11-28T11:55:00.000Z', collection: 'posts', operation: 'find', slow: true } as OplogEntry;
    const filter = parseTailFilter({ slow: true, collection: 'posts', operation: 'find', since: '10m' }, NOW, 'AERO_CONFIG_USAGE', flag);
    expect(matchesTailFilter(entry, filter)).toBe(true);
    expect(matchesTailFilter({ ...entry, slow: false }, filter)).toBe(false);
    expect(matchesTailFilter({ ...entry, collection: 'users' }, filter)).toBe(false);
    expect(matchesTailFilter({ ...entry, operation: 'get' }, filter)).toBe(false);
    expect(matchesTailFilter({ ...entry, timestamp: '2026-11-28T11:49:59.999Z' }, filter)).toBe(false);
    expect(matchesTailFilter(entry, parseTailFilter({}, NOW, 'AERO_CONFIG_USAGE', flag))).toBe(true);
  });
});
