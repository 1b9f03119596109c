// Row-level security inside the plan (SPEC §5, §9): the read predicate of an "owner" policy is one
// more equality in every conjunction, so the planner may bound a scan with it (an index on the owner
// field), and the executor filters BEFORE limit, cursor and count: pages stay full and a cursor never
// walks into documents the caller cannot read.
//
// If the query cannot be planned with the predicate as a candidate bound (e.g. an unfiltered list
// whose order-serving index does not start with the owner field) it is planned without it and the
// predicate becomes a residual filter of every branch. Both choices depend only on the query, the
// declared indexes and the caller, so plans stay deterministic.
import { isAeroError } from '../errors/aero-error.js';
import { compileFieldReader } from '../index/field-reader.js';
import type { Explain } from './explain-types.js';
import type { BranchPlan, Plan } from './plan-types.js';
import { comparePredicates, type Predicate } from './predicate.js';

/** The read side of RLS for one query: absent = not applied (service caller). */
export interface RlsRead {
  /** owner policy: only documents whose `field` equals `value`; null = the policy grants every document */
  predicate: { field: string; value: string } | null;
}

/** The explain `rls` entry: `{applied, predicate: {field: {eq: value}}}` (a new object each time). */
export function rlsExplain(rls: RlsRead | undefined): NonNullable<Explain['rls']> {
  if (rls === undefined) return { applied: false, predicate: null };
  if (rls.predicate === null) return { applied: true, predicate: null };
  return { applied: true, predicate: { [rls.predicate.field]: { eq: rls.predicate.value } } };
}

/** The predicate the plan carries; its seq sorts it after everything the caller wrote. */
export function rlsPredicate(rls: RlsRead | undefined): Predicate | undefined {
  if (rls?.predicate == null) return undefined;
  const { field, value } = rls.predicate;
  return { field, op: 'eq', value, read: compileFieldReader(field), seq: Number.MAX_SAFE_INTEGER };
}

/** Each conjunction AND the predicate (unless it already holds that exact equality), kept sorted. */
export function withRlsPredicate(conjunctions: readonly Predicate[][], rls: Predicate): Predicate[][] {
  return conjunctions.map((conj) => {
    if (conj.some((p) => p.field === rls.field && p.op === 'eq' && p.value === rls.value)) return conj;
    return [...conj, rls].sort(comparePredicates);
  });
}

/**
 * Plans with the predicate among the conjunctions; when that is rejected, plans the caller's query
 * alone (its own rejection, if any, is the one reported) and filters by the predicate as a residual.
 */
export function planWithRls<P extends { conjunctions: Predicate[][] }>(parsed: P, rls: Predicate | undefined, plan: (parsed: P) => Plan): Plan {
  if (rls === undefined) return plan(parsed);
  try {
    return plan({ ...parsed, conjunctions: withRlsPredicate(parsed.conjunctions, rls) });
  } catch (error) {
    if (!isAeroError(error)) throw error;
  }
  const fallback = plan(parsed);
  return fallback.kind === 'or' ? { ...fallback, branches: fallback.branches.map((b) => withResidual(b, rls)) } : withResidual(fallback, rls);
}

function withResidual<B extends BranchPlan>(branch: B, rls: Predicate): B {
  return { ...branch, residual: [...branch.residual, rls] };
}
