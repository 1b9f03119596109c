// How one ordered index could serve a conjunction: how many leading key fields are pinned by
// equality ($eq/$in), whether the next key field has a range, and which result order it gives.
import type { OrderedIndex } from '../index/ordered-index.js';
import type { SortKey } from './parse-query.js';
import { formatOrder, type OrderEntry } from './plan-types.js';
import type { Predicate } from './predicate.js';
import { fitSort, type SortFit } from './sort-fit.js';

/** The predicates of one field an index can use: the first equality and the first lower/upper bound. */
export interface FieldBounds {
  eq?: Predicate;
  lower?: Predicate;
  upper?: Predicate;
}

export type CandidateKind = 'EQ' | 'RANGE' | 'ORDER' | 'NONE';

export interface Candidate {
  index: OrderedIndex;
  kind: CandidateKind;
  /** equality-bound leading key fields */
  e: number;
  /** 1 when the key field after the equality prefix carries a range or the sort */
  ext: number;
  eqPreds: Predicate[];
  eqValues: unknown[][];
  lower: Predicate | undefined;
  upper: Predicate | undefined;
  fit: SortFit;
}

/** Groups the usable predicates by field; later duplicates stay residual filters. */
export function boundsByField(predicates: readonly Predicate[]): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>();
  for (const p of predicates) {
    let fb = out.get(p.field);
    if (!fb) out.set(p.field, (fb = {}));
    if ((p.op === 'eq' || p.op === 'in') && !fb.eq) fb.eq = p;
    else if ((p.op === 'gt' || p.op === 'gte') && !fb.lower) fb.lower = p;
    else if ((p.op === 'lt' || p.op === 'lte') && !fb.upper) fb.upper = p;
  }
  return out;
}

/** The index key values an equality predicate selects, in value order; null selects absent and null. */
export function equalityKeyValues(p: Predicate): unknown[] {
  const values = p.op === 'in' ? (p.value as unknown[]) : [p.value];
  // null sorts first in a sorted $in list; absent (undefined) goes just before it
  return values.length > 0 && values[0] === null ? [undefined, ...values] : values;
}

export function evaluateCandidate(
  index: OrderedIndex,
  bounds: ReadonlyMap<string, FieldBounds>,
  predicateCount: number,
  sort: readonly SortKey[],
  strictOrder: readonly OrderEntry[] | undefined,
): Candidate {
  const keyFields = index.keyFields;
  const eqPreds: Predicate[] = [];
  const eqValues: unknown[][] = [];
  while (eqPreds.length < keyFields.length) {
    const eq = bounds.get(keyFields[eqPreds.length]!)?.eq;
    if (!eq) break;
    eqPreds.push(eq);
    eqValues.push(equalityKeyValues(eq));
  }
  const e = eqPreds.length;
  const next = e < keyFields.length ? bounds.get(keyFields[e]!) : undefined;
  const lower = next?.lower;
  const upper = next?.upper;
  const hasRange = lower !== undefined || upper !== undefined;
  let fit = fitSort(keyFields, eqValues.map((v) => v.length), sort);
  if (fit.ok && strictOrder && !sameOrder(fit.order, strictOrder)) {
    fit = { ok: false, reason: `its order (${formatOrder(fit.order)}) differs from the $or merge order (${formatOrder(strictOrder)})` };
  }
  let kind: CandidateKind = 'NONE';
  if (e > 0) kind = 'EQ';
  else if (hasRange) kind = 'RANGE';
  else if (predicateCount === 0) kind = 'ORDER';
  const sortsNext = fit.ok && e < keyFields.length && fit.order.some((o) => o.field === keyFields[e] && sort.some((s) => s.field === o.field));
  const ext = hasRange || sortsNext ? 1 : 0;
  return { index, kind, e, ext, eqPreds, eqValues, lower, upper, fit };
}

function sameOrder(a: readonly OrderEntry[], b: readonly OrderEntry[]): boolean {
  return a.length === b.length && a.every((o, i) => o.field === b[i]!.field && o.dir === b[i]!.dir);
}
