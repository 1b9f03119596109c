// The rejection for a conjunction no index can serve: which field is to blame and which index to add.
import { AeroError } from '../errors/aero-error.js';
import type { AppliedSchema } from '../types.js';
import type { Candidate } from './index-candidates.js';
import type { SortKey } from './parse-query.js';
import { formatOrder } from './plan-types.js';
import type { Predicate } from './predicate.js';

const BOUNDING_OPS = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte']);

export function rejectUnplannable(
  schema: AppliedSchema,
  predicates: readonly Predicate[],
  sort: readonly SortKey[],
  candidates: readonly Candidate[],
  inOr: boolean,
): AeroError {
  const sortFields = sort.map((s) => s.field).filter((f) => f !== '_id');
  if (predicates.length === 0) {
    const field = sortFields[0] ?? sort[0]?.field ?? null;
    return unindexed(schema, field, `no index returns documents in the order (${formatOrder(sort)})`, sortFields, inOr);
  }
  const bounding = predicates.filter((p) => BOUNDING_OPS.has(p.op));
  if (bounding.length === 0) {
    const p = predicates[0]!;
    return new AeroError('AERO_QUERY_UNBOUNDED', `no predicate bounds the scan: "${p.field}" $${p.op} can only filter documents an indexed predicate has already found`, {
      details: { field: p.field, collection: schema.collection },
      hint: `Add an equality or range condition on an indexed field (${indexedFieldList(candidates)}), or page through everything with no filter.`,
    });
  }
  const blocked = bestIgnoringOrder(candidates);
  if (blocked && !blocked.fit.ok) {
    const eqFields = blocked.index.keyFields.slice(0, blocked.e);
    const suggestion = blocked.kind === 'EQ' || sort.length === 0 ? [...eqFields, ...sortFields.filter((f) => !eqFields.includes(f))] : [];
    const field = sortFields.find((f) => !eqFields.includes(f)) ?? blocked.index.keyFields[blocked.e] ?? null;
    const reason = `index "${blocked.index.name}" bounds the filter but ${blocked.fit.reason}`;
    return unindexed(schema, field, reason, suggestion.length > blocked.e ? suggestion : [], inOr);
  }
  const eqFields = distinctSorted(bounding.filter((p) => p.op === 'eq' || p.op === 'in').map((p) => p.field));
  const rangeFields = distinctSorted(bounding.filter((p) => p.op !== 'eq' && p.op !== 'in').map((p) => p.field));
  let suggestion: string[];
  if (eqFields.length > 0) suggestion = [...eqFields, ...sortFields.filter((f) => !eqFields.includes(f))];
  else if (sortFields.length === 0 || sortFields[0] === rangeFields[0]) suggestion = [rangeFields[0]!, ...sortFields.slice(1)];
  else suggestion = [rangeFields[0]!];
  const field = eqFields[0] ?? rangeFields[0]!;
  return unindexed(schema, field, `no index can serve filter field "${field}"`, suggestion, inOr);
}

function unindexed(schema: AppliedSchema, field: string | null, reason: string, suggestion: string[], inOr: boolean): AeroError {
  const orNote = inOr ? ' In an $or every branch must be bounded by an index and return the query order.' : '';
  if (suggestion.length === 0) {
    return new AeroError('AERO_QUERY_UNINDEXED_FIELD', `${reason}.${orNote}`, {
      details: { field, collection: schema.collection, suggested_index: null },
      hint: inOr
        ? 'Give every $or branch an equality on an index whose remaining key fields are the sort fields (so each branch returns the sort, then _id), or run the branches as separate queries.'
        : 'A range on one field and a sort on another cannot share one index: sort by the range field, or add equality conditions an index covers.',
    });
  }
  const index = { name: `${suggestion.map((f) => f.replaceAll('.', '_')).join('_')}_idx`, fields: suggestion };
  const op = JSON.stringify({ op: 'add_index', collection: schema.collection, index });
  return new AeroError('AERO_QUERY_UNINDEXED_FIELD', `${reason}: add_index ${JSON.stringify(index)}.${orNote}`, {
    details: { field, collection: schema.collection, suggested_index: index },
    hint: `Add the index with a migration operation: ${op}`,
  });
}

/** The candidate that would be chosen if the sort did not matter (same ranking as the planner). */
function bestIgnoringOrder(candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (c.kind === 'NONE' || c.kind === 'ORDER') continue;
    if (!best || rank(c) > rank(best)) best = c;
  }
  return best;
}

function rank(c: Candidate): number {
  return c.kind === 'EQ' ? 1000 + c.e * 2 + c.ext : 1;
}

function indexedFieldList(candidates: readonly Candidate[]): string {
  return distinctSorted(candidates.map((c) => c.index.keyFields[0]!)).join(', ');
}

function distinctSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}
