// The one total order over stored values, shared by indexes, range bounds, residual filters, sorts
// and cursors, so that an index scan and a naive filter+sort always agree.
//
//   absent (undefined) < null < false < true < numbers < strings < arrays < objects
//
// - Numbers form ONE key space: int and float compare numerically (1 == 1.0, -0 == 0). Stored numbers
//   are finite (JSON has no NaN/Infinity); -Infinity/+Infinity only appear as planner bounds.
// - Strings compare by UTF-16 code units (JavaScript's native `<`). This equals Unicode code point
//   order except that astral characters (U+10000+) sort before U+E000..U+FFFF. Timestamps are stored
//   normalised to UTC `YYYY-MM-DDTHH:mm:ss.sssZ` (ASCII, fixed width), so string order is time order.
// - Arrays compare element by element; a proper prefix sorts first.
// - Objects compare by their keys in sorted order: key, then value, pair by pair; fewer keys sort
//   first when all shared pairs are equal.
// - Absent and null are adjacent on purpose: "null or absent" is a contiguous key range.
//
// MIN_KEY / MAX_KEY are planner sentinels, below and above every value; they never appear in a stored
// key, so a bound built with them never equals a stored key (see compareKeys for bounds longer than
// the keys they bound).

export const MIN_KEY: unique symbol = Symbol('aerodb.minKey');
export const MAX_KEY: unique symbol = Symbol('aerodb.maxKey');

const RANK_MIN = 0;
const RANK_ABSENT = 1;
const RANK_NULL = 2;
const RANK_BOOL = 3;
const RANK_NUMBER = 4;
const RANK_STRING = 5;
const RANK_ARRAY = 6;
const RANK_OBJECT = 7;
const RANK_MAX = 8;

/** Position of a value's type in the total order (see the file comment). */
export function typeRank(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
      return RANK_ABSENT;
    case 'boolean':
      return RANK_BOOL;
    case 'number':
      return RANK_NUMBER;
    case 'string':
      return RANK_STRING;
    case 'symbol':
      return value === MIN_KEY ? RANK_MIN : RANK_MAX;
    case 'object':
      if (value === null) return RANK_NULL;
      return Array.isArray(value) ? RANK_ARRAY : RANK_OBJECT;
    default:
      return RANK_OBJECT;
  }
}

/** Compares two values in the total order: negative, 0 or positive. */
export function compareValues(a: unknown, b: unknown): number {
  // Fast paths first: index keys are almost always same-typed strings or numbers.
  if (typeof a === 'string') {
    if (typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  } else if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  }
  if (a === b) return 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case RANK_BOOL:
      return a ? 1 : -1; // a !== b here, so exactly one is true
    case RANK_ARRAY:
      return compareKeys(a as readonly unknown[], b as readonly unknown[]);
    case RANK_OBJECT:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    default:
      return 0; // absent/absent, null/null, sentinel/same sentinel
  }
}

/**
 * Compares two tuples element by element. A proper prefix sorts first, except before a MIN_KEY:
 * [v, MIN_KEY] < [v] < [v, MAX_KEY], so a bound can sit just before or after every key starting
 * with v even when v is the last key element.
 */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  if (a.length === b.length) return 0;
  if (a.length < b.length) return b[n] === MIN_KEY ? 1 : -1;
  return a[n] === MIN_KEY ? -1 : 1;
}

/** True when two values are equal in the total order (1 and 1.0 are equal; deep for arrays/objects). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return a === b || compareValues(a, b) === 0;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const n = ka.length < kb.length ? ka.length : kb.length;
  for (let i = 0; i < n; i++) {
    const keyA = ka[i]!;
    const keyB = kb[i]!;
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    const c = compareValues(a[keyA], b[keyB]);
    if (c !== 0) return c;
  }
  return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
}
