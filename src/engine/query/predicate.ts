// A validated filter predicate and its evaluation against a document. The semantics match what an
// index scan over value-order.ts keys returns, so residual filtering and index bounds always agree:
// - eq null (and null inside $in) matches null OR absent; $ne is the exact negation of eq;
// - ranges only match values of the bound's own type (a number bound never matches a string);
// - $exists:true matches any present value, null included.
import type { FieldReader } from '../index/field-reader.js';
import { compareByteOrder } from '../index/name-order.js';
import { compareValues, typeRank } from '../index/value-order.js';
import type { Doc } from '../types.js';

export type PredicateOp = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'ne' | 'exists';

/** Fixed operator order: predicates are listed by (field, operator, position in the filter). */
export const OP_ORDER: Readonly<Record<PredicateOp, number>> = { eq: 0, in: 1, gt: 2, gte: 3, lt: 4, lte: 5, ne: 6, exists: 7 };

export interface Predicate {
  readonly field: string;
  readonly op: PredicateOp;
  /** normalised: a scalar (eq/ne/ranges), a sorted de-duplicated array ($in), a boolean ($exists) */
  readonly value: unknown;
  readonly read: FieldReader;
  /** position in the filter as written (the last tie-break of the predicate order) */
  readonly seq: number;
}

export function comparePredicates(a: Predicate, b: Predicate): number {
  if (a.field !== b.field) return compareByteOrder(a.field, b.field);
  if (a.op !== b.op) return OP_ORDER[a.op] - OP_ORDER[b.op];
  return a.seq - b.seq;
}

export function matchesAll(predicates: readonly Predicate[], doc: Doc): boolean {
  for (let i = 0; i < predicates.length; i++) if (!matches(predicates[i]!, doc)) return false;
  return true;
}

export function matches(p: Predicate, doc: Doc): boolean {
  const actual = p.read(doc);
  switch (p.op) {
    case 'eq':
      return equalsFilterValue(actual, p.value);
    case 'ne':
      return !equalsFilterValue(actual, p.value);
    case 'in':
      return inSortedList(actual, p.value as readonly unknown[]);
    case 'exists':
      return (actual !== undefined) === p.value;
    case 'gt':
      return sameType(actual, p.value) && compareValues(actual, p.value) > 0;
    case 'gte':
      return sameType(actual, p.value) && compareValues(actual, p.value) >= 0;
    case 'lt':
      return sameType(actual, p.value) && compareValues(actual, p.value) < 0;
    case 'lte':
      return sameType(actual, p.value) && compareValues(actual, p.value) <= 0;
  }
}

/** Filter equality: null stands for "null or absent"; everything else compares in the total order. */
export function equalsFilterValue(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  return actual === expected || compareValues(actual, expected) === 0;
}

function sameType(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && a !== null && a !== undefined && typeRank(a) === typeRank(b);
}

/** Membership in a list sorted by compareValues (binary search; null in the list also matches absent). */
function inSortedList(actual: unknown, list: readonly unknown[]): boolean {
  if (actual === undefined) actual = null;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareValues(list[mid], actual);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
