// The deterministic planner (SPEC §5). No statistics, no costs: the plan depends only on the parsed
// query and the declared indexes. For one conjunction, in strict order:
//   1. an equality/$in on _id                        -> PK_LOOKUP
//   2. most equality-bound leading key fields, then a range or the sort on the next key field
//                                                    -> INDEX_EQ
//   3. a range on an index's leading field           -> INDEX_RANGE
//   4. no filter at all: an index returning the sort -> INDEX_ORDER (fewest fields after the sort)
// Indexes that cannot return the requested sort are not candidates. Remaining ties go to the index
// name in byte order. An $or plans every branch like this, each required to return the same order.
import { AeroError, isAeroError } from '../errors/aero-error.js';
import type { CollectionIndexes } from '../index/collection-indexes.js';
import { compileFieldReader } from '../index/field-reader.js';
import type { AppliedSchema } from '../types.js';
import { boundsByField, equalityKeyValues, evaluateCandidate, type Candidate } from './index-candidates.js';
import type { ParsedQuery, SortKey } from './parse-query.js';
import type { BranchPlan, IndexPlan, OrderEntry, PkPlan, Plan, RejectedAlternative } from './plan-types.js';
import type { Predicate } from './predicate.js';
import { invalidQuery } from './query-errors.js';
import { rejectUnplannable } from './unplannable.js';

export interface PlannerInput {
  schema: AppliedSchema;
  indexes: CollectionIndexes;
}

export function planQuery(input: PlannerInput, parsed: Pick<ParsedQuery, 'conjunctions' | 'sort'>): Plan {
  const { conjunctions, sort } = parsed;
  if (conjunctions.length === 1) return planConjunction(input, conjunctions[0]!, sort, undefined);
  const order = sortThenId(sort);
  const branches = conjunctions.map((conj, i) => {
    try {
      return planConjunction(input, conj, sort, order);
    } catch (error) {
      if (!isAeroError(error)) throw error;
      throw new AeroError(error.code, `$or branch ${i + 1} of ${conjunctions.length}: ${error.message}`, {
        details: { ...error.details, or_branch: i + 1 },
        hint: error.hint,
      });
    }
  });
  return { kind: 'or', branches, order };
}

/** The sort as written, then _id in the direction of the last sort field (the order of PK and $or plans). */
function sortThenId(sort: readonly SortKey[]): OrderEntry[] {
  const order = sort.map((s) => ({ field: s.field, dir: s.dir }));
  if (!sort.some((s) => s.field === '_id')) order.push({ field: '_id', dir: sort.at(-1)?.dir ?? 'asc' });
  return order;
}

function planConjunction(input: PlannerInput, predicates: Predicate[], sort: readonly SortKey[], strictOrder: OrderEntry[] | undefined): BranchPlan {
  const bounds = boundsByField(predicates);
  const idEq = bounds.get('_id')?.eq;
  if (idEq) return pkPlan(input, predicates, sort, idEq);
  const candidates = input.indexes.ordered.map((index) => evaluateCandidate(index, bounds, predicates.length, sort, strictOrder));
  const chosen = pickBest(candidates.filter((c) => c.kind !== 'NONE' && c.fit.ok));
  if (!chosen || !chosen.fit.ok) throw rejectUnplannable(input.schema, predicates, sort, candidates, strictOrder !== undefined);
  checkRangeCount(chosen);
  const used = new Set<Predicate>(chosen.eqPreds);
  if (chosen.lower) used.add(chosen.lower);
  if (chosen.upper) used.add(chosen.upper);
  const keyFields = chosen.index.keyFields;
  const plan: IndexPlan = {
    kind: 'index',
    scan: chosen.kind === 'EQ' ? 'INDEX_EQ' : chosen.kind === 'RANGE' ? 'INDEX_RANGE' : 'INDEX_ORDER',
    index: chosen.index,
    eqPreds: chosen.eqPreds,
    eqValues: chosen.eqValues,
    lower: chosen.lower,
    upper: chosen.upper,
    residual: predicates.filter((p) => !used.has(p)),
    order: chosen.fit.order,
    orderKeyPos: chosen.fit.order.map((o) => keyFields.indexOf(o.field)),
    reverse: chosen.fit.reverse,
    rejected: candidates.filter((c) => c !== chosen).map((c) => ({ index: c.index.name, reason: rejectionReason(c, chosen) })),
  };
  return plan;
}

function pkPlan(input: PlannerInput, predicates: Predicate[], sort: readonly SortKey[], idEq: Predicate): PkPlan {
  const order = sortThenId(sort);
  const rejected: RejectedAlternative[] = input.indexes.ordered
    .filter((index) => !index.primary)
    .map((index) => ({ index: index.name, reason: 'PK_LOOKUP on _id ranks first' }));
  return {
    kind: 'pk',
    idPred: idEq,
    ids: equalityKeyValues(idEq) as string[],
    residual: predicates.filter((p) => p !== idEq),
    order,
    orderReaders: order.map((o) => compileFieldReader(o.field)),
    byId: order.length === 1,
    rejected,
  };
}

/** More index ranges than this ($in lists multiplied across compound key fields) is rejected. */
export const MAX_INDEX_RANGES = 10_000;

function checkRangeCount(chosen: Candidate): void {
  let ranges = 1;
  for (const values of chosen.eqValues) ranges *= values.length;
  if (ranges > MAX_INDEX_RANGES) {
    const fields = chosen.eqPreds.map((p) => p.field);
    throw invalidQuery(`the $in lists on ${fields.join(', ')} make ${ranges} index ranges on "${chosen.index.name}" (at most ${MAX_INDEX_RANGES})`,
      fields[0] ?? null, { ranges, max_ranges: MAX_INDEX_RANGES }, 'Use shorter $in lists, or split the query.');
  }
}

/** Candidates arrive sorted by index name, so keeping the first of equals breaks ties by name. */
function pickBest(usable: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of usable) {
    if (c.kind !== 'EQ') continue;
    if (!best || c.e > best.e || (c.e === best.e && c.ext > best.ext)) best = c;
  }
  if (best) return best;
  best = usable.find((c) => c.kind === 'RANGE');
  if (best) return best;
  for (const c of usable) {
    if (c.kind !== 'ORDER' || !c.fit.ok) continue;
    if (!best || (best.fit.ok && c.fit.trailing < best.fit.trailing)) best = c;
  }
  return best;
}

const SCAN_NAME = { EQ: 'INDEX_EQ', RANGE: 'INDEX_RANGE', ORDER: 'INDEX_ORDER', NONE: 'no scan' } as const;

function rejectionReason(c: Candidate, chosen: Candidate): string {
  if (c.kind === 'NONE') return `no equality or range predicate on its leading field "${c.index.keyFields[0]}"`;
  if (!c.fit.ok) return c.fit.reason;
  if (c.kind !== chosen.kind) return `${SCAN_NAME[c.kind]} ranks below ${SCAN_NAME[chosen.kind]}`;
  if (c.kind === 'EQ') {
    if (c.e < chosen.e) return `fewer equality fields (${c.e} < ${chosen.e})`;
    if (c.ext < chosen.ext) return `shorter usable prefix (${c.e + c.ext} < ${chosen.e + chosen.ext})`;
  }
  if (c.kind === 'ORDER' && chosen.fit.ok && c.fit.trailing > chosen.fit.trailing) {
    return `more key fields after the sort (${c.fit.trailing} > ${chosen.fit.trailing})`;
  }
  return `same plan strength as "${chosen.index.name}", which sorts first by name`;
}
