import { describe, expect, test } from 'vitest';
import { compareByteOrder } from '../../../src/engine/index/name-order.js';
import { MAX_KEY, MIN_KEY, compareKeys, compareValues, valuesEqual } from '../../../src/engine/index/value-order.js';

const sign = (n: number) => Math.sign(n);

describe('compareValues: one total order across types', () => {
  test('absent < null < false < true < numbers < strings < arrays < objects', () => {
    const chain = [undefined, null, false, true, -5, 0, 2.5, 3, '', 'a', 'b', [], [1], {}, { a: 1 }];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        expect(sign(compareValues(chain[i], chain[j])), `${String(chain[i])} vs ${String(chain[j])}`).toBe(sign(i - j));
      }
    }
  });

  test('ints and floats share one numeric key space', () => {
    expect(compareValues(1, 1.0)).toBe(0);
    expect(compareValues(-0, 0)).toBe(0);
    expect(compareValues(7, 7.5)).toBeLessThan(0);
    expect(compareValues(8, 7.5)).toBeGreaterThan(0);
    expect(compareValues(18.5, 18)).toBeGreaterThan(0);
    expect(valuesEqual(2, 2.0)).toBe(true);
  });

  test('numbers never equal their string form', () => {
    expect(compareValues(1, '1')).toBeLessThan(0);
    expect(valuesEqual(1, '1')).toBe(false);
  });

  test('strings compare by UTF-16 code units; normalised timestamps by time', () => {
    expect(compareValues('B', 'a')).toBeLessThan(0);
    expect(compareValues('ab', 'abc')).toBeLessThan(0);
    // documented code-unit order: an astral character (surrogate pair) sorts before U+FFFD
    expect(compareValues('\u{1F600}', '\uFFFD')).toBeLessThan(0);
    expect(compareValues('2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z')).toBeLessThan(0);
  });

  test('arrays compare element-wise, prefix first; objects by sorted keys then values', () => {
    expect(compareValues([1, 2], [1, 2, 0])).toBeLessThan(0);
    expect(compareValues([1, 3], [1, 2, 9])).toBeGreaterThan(0);
    expect(compareValues([1, 2], [1.0, 2.0])).toBe(0);
    expect(compareValues({ b: 1, a: 2 }, { a: 2, b: 1 })).toBe(0);
    expect(compareValues({ a: 1 }, { b: 0 })).toBeLessThan(0);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBeLessThan(0);
    expect(compareValues({ a: 2 }, { a: 1, b: 0 })).toBeGreaterThan(0);
  });

  test('sentinels bound everything', () => {
    for (const v of [undefined, null, false, -Infinity, 0, '', 'zzz', [], {}]) {
      expect(compareValues(MIN_KEY, v)).toBeLessThan(0);
      expect(compareValues(MAX_KEY, v)).toBeGreaterThan(0);
    }
  });
});

describe('compareKeys', () => {
  test('lexicographic with a proper prefix first', () => {
    expect(compareKeys(['a', 1], ['a', 1])).toBe(0);
    expect(compareKeys(['a', 1], ['a', 1.0])).toBe(0);
    expect(compareKeys(['a'], ['a', 'id'])).toBeLessThan(0);
    expect(compareKeys(['a', MAX_KEY], ['a', 'zz', 'id'])).toBeGreaterThan(0);
    expect(compareKeys(['a', MIN_KEY], ['a', undefined, 'id'])).toBeLessThan(0);
    expect(compareKeys([undefined, 'x'], [null, 'a'])).toBeLessThan(0);
  });
});

describe('compareByteOrder (index-name tie-break)', () => {
  test('follows UTF-8 bytes, unlike code units for astral characters', () => {
    expect(compareByteOrder('_id', 'a_idx')).toBeLessThan(0);
    expect(compareByteOrder('Z', 'a')).toBeLessThan(0);
    expect(compareByteOrder('a', 'ab')).toBeLessThan(0);
    expect(compareByteOrder('\uFFFD', '\u{1F600}')).toBeLessThan(0);
    expect(Buffer.compare(Buffer.from('\uFFFD'), Buffer.from('\u{1F600}'))).toBeLessThan(0);
    expect(compareByteOrder('same', 'same')).toBe(0);
  });
});

describe('compareKeys with bounds longer than the key', () => {
  test('[v, MIN] < [v] < [v, MAX]', () => {
    expect(compareKeys(['m', MIN_KEY], ['m'])).toBeLessThan(0);
    expect(compareKeys(['m'], ['m', MIN_KEY])).toBeGreaterThan(0);
    expect(compareKeys(['m', MAX_KEY], ['m'])).toBeGreaterThan(0);
    expect(compareKeys(['m'], ['m', MAX_KEY])).toBeLessThan(0);
  });
});
