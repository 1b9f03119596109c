// Turns a plan into a document stream: index bounds become key ranges (with MIN/MAX sentinels), a
// cursor becomes a start position strictly after the last returned document.
import type { IndexKey } from '../index/ordered-index.js';
import { MAX_KEY, MIN_KEY, compareValues, compareKeys } from '../index/value-order.js';
import type { Doc } from '../types.js';
import { invalidCursor } from './cursor.js';
import { ArrayStream, DedupStream, EMPTY_STREAM, compareOrderKeys, type DocStream, type OrderSigns, type ScanStats } from './doc-stream.js';
import { MergeStream } from './merge-stream.js';
import type { IndexPlan, OrderEntry, PkPlan, Plan } from './plan-types.js';
import { matchesAll } from './predicate.js';
import { RangeStream, type RangeStart } from './range-stream.js';

export function orderSigns(order: readonly OrderEntry[]): OrderSigns {
  return order.map((o) => (o.dir === 'asc' ? 1 : -1));
}

/** Opens a stream over the plan's matching documents, in plan order, after `cursor` when given. */
export function openPlan(plan: Plan, docs: ReadonlyMap<string, Doc>, cursor: readonly unknown[] | undefined, stats: ScanStats): DocStream {
  switch (plan.kind) {
    case 'index':
      return openIndexPlan(plan, cursor, stats);
    case 'pk':
      return openPkPlan(plan, docs, cursor, stats);
    case 'or': {
      const branches = plan.branches.map((branch) => (branch.kind === 'index' ? openIndexPlan(branch, cursor, stats) : openPkPlan(branch, docs, cursor, stats)));
      return new DedupStream(new MergeStream(branches, orderSigns(plan.order)));
    }
  }
}

function openIndexPlan(plan: IndexPlan, cursor: readonly unknown[] | undefined, stats: ScanStats): DocStream {
  const streams: DocStream[] = [];
  for (const prefix of equalityPrefixes(plan.eqValues)) {
    const low = lowBound(plan, prefix);
    const high = highBound(plan, prefix);
    let start: RangeStart = { key: plan.reverse ? high : low, exclusive: false };
    if (cursor) {
      const resume = resumeKey(plan, prefix, cursor);
      if (resume === 'skip') continue;
      if (resume !== 'whole') {
        // resume only if the cursor lies inside the range; otherwise the range bound is the start
        const inside = plan.reverse ? compareKeys(resume, high) < 0 : compareKeys(resume, low) > 0;
        if (inside) start = { key: resume, exclusive: true };
      }
    }
    streams.push(new RangeStream(plan.index.tree, start, plan.reverse ? low : high, plan.reverse, plan.residual, plan.orderKeyPos, stats));
  }
  if (streams.length === 0) return EMPTY_STREAM;
  return streams.length === 1 ? streams[0]! : new MergeStream(streams, orderSigns(plan.order));
}

/** Every combination of equality values, in key order (one range each). */
function equalityPrefixes(eqValues: readonly unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const values of eqValues) {
    const next: unknown[][] = [];
    for (const prefix of out) for (const v of values) next.push([...prefix, v]);
    out = next;
  }
  return out;
}

function lowBound(plan: IndexPlan, prefix: readonly unknown[]): IndexKey {
  const { lower, upper } = plan;
  if (lower) return [...prefix, lower.value, lower.op === 'gt' ? MAX_KEY : MIN_KEY];
  // an upper bound alone still excludes absent/null: start at the smallest value of its type
  if (upper) return [...prefix, typeMinimum(upper.value), MIN_KEY];
  return [...prefix, MIN_KEY];
}

function highBound(plan: IndexPlan, prefix: readonly unknown[]): IndexKey {
  const { upper } = plan;
  if (upper) return [...prefix, upper.value, upper.op === 'lte' ? MAX_KEY : MIN_KEY];
  return [...prefix, MAX_KEY];
}

function typeMinimum(value: unknown): unknown {
  if (typeof value === 'number') return -Infinity;
  if (typeof value === 'string') return '';
  return false;
}

/**
 * Where a range resumes after the cursor. The order walks constants (equality-bound key fields) and
 * then the free key fields. While the order starts with constants, their values decide whether the
 * whole range lies before the cursor ('skip') or after it ('whole'); from the first free field on,
 * the cursor pins an exact index key to resume strictly after.
 */
function resumeKey(plan: IndexPlan, prefix: readonly unknown[], cursor: readonly unknown[]): IndexKey | 'skip' | 'whole' {
  const e = prefix.length;
  const key = new Array<unknown>(plan.index.keyFields.length);
  for (let i = 0; i < e; i++) key[i] = prefix[i];
  let free = false;
  for (let i = 0; i < plan.order.length; i++) {
    const pos = plan.orderKeyPos[i]!;
    if (pos >= e) {
      free = true;
      key[pos] = cursor[i];
      continue;
    }
    const c = compareValues(prefix[pos], cursor[i]) * (plan.order[i]!.dir === 'asc' ? 1 : -1);
    if (!free) {
      if (c < 0) return 'skip';
      if (c > 0) return 'whole';
    } else if (c !== 0) {
      throw invalidCursor(`it was made for a different filter ("${plan.order[i]!.field}" differs)`, { field: plan.order[i]!.field });
    }
  }
  return key;
}

function openPkPlan(plan: PkPlan, docs: ReadonlyMap<string, Doc>, cursor: readonly unknown[] | undefined, stats: ScanStats): DocStream {
  const signs = orderSigns(plan.order);
  let items: Array<{ doc: Doc; key: readonly unknown[] }> = [];
  for (const id of plan.ids) {
    const doc = docs.get(id);
    if (!doc) continue;
    stats.scanned++;
    if (!matchesAll(plan.residual, doc)) continue;
    items.push({ doc, key: plan.orderReaders.map((read) => read(doc)) });
  }
  if (!plan.byId) items.sort((a, b) => compareOrderKeys(a.key, b.key, signs));
  else if (plan.order[0]!.dir === 'desc') items.reverse();
  if (cursor) items = items.filter((item) => compareOrderKeys(item.key, cursor, signs) > 0);
  return new ArrayStream(items);
}
