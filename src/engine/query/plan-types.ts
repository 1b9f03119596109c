// Internal plan shapes produced by the planner and run by the executor.
import type { FieldReader } from '../index/field-reader.js';
import type { OrderedIndex } from '../index/ordered-index.js';
import type { SortDir } from './parse-query.js';
import type { Predicate } from './predicate.js';

/** One entry of a plan's full result order (the requested sort, then tie-breaks, ending with _id). */
export interface OrderEntry {
  field: string;
  dir: SortDir;
}

export interface RejectedAlternative {
  index: string;
  reason: string;
}

/** A scan of one ordered index between bounds (several ranges when an equality uses $in). */
export interface IndexPlan {
  kind: 'index';
  scan: 'INDEX_EQ' | 'INDEX_RANGE' | 'INDEX_ORDER';
  index: OrderedIndex;
  /** equality predicates bounding key positions 0..eqPreds.length-1 */
  eqPreds: Predicate[];
  /** candidate values of each bound position, in value order (null expands to absent and null) */
  eqValues: unknown[][];
  /** range bounds on key position eqPreds.length */
  lower: Predicate | undefined;
  upper: Predicate | undefined;
  residual: Predicate[];
  order: OrderEntry[];
  /** index key position holding each order entry's value */
  orderKeyPos: number[];
  /** scan the index backwards (descending order) */
  reverse: boolean;
  rejected: RejectedAlternative[];
}

/** Direct _id lookups ($eq or $in on _id). */
export interface PkPlan {
  kind: 'pk';
  idPred: Predicate;
  /** distinct ids in ascending order */
  ids: string[];
  residual: Predicate[];
  order: OrderEntry[];
  orderReaders: FieldReader[];
  /** the order is _id alone, so the id list is already in order (no in-memory sort) */
  byId: boolean;
  rejected: RejectedAlternative[];
}

export type BranchPlan = IndexPlan | PkPlan;

/** $or: every branch planned on its own, merged in `order` and de-duplicated by _id. */
export interface OrPlan {
  kind: 'or';
  branches: BranchPlan[];
  order: OrderEntry[];
}

export type Plan = BranchPlan | OrPlan;

export function formatOrder(order: ReadonlyArray<{ field: string; dir: SortDir }>): string {
  return order.map((o) => `${o.field} ${o.dir}`).join(', ');
}
