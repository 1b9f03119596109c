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
import type { Explain } from './explain-types.js';
import type { ParsedQuery } from './parse-query.js';
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
  // owner_field is a declared top-level field (schema validation): an own-property read is enough
  return { field, op: 'eq', value, read: (doc) => (Object.hasOwn(doc, field) ? doc[field] : undefined), seq: Number.MAX_SAFE_INTEGER };
}

/** Each conjunction AND the predicate (unless it already holds that exact equality), kept sorted. */
export function withRlsPredicate(conjunctions: readonly Predicate[][], rls: Predicate): Predicate[][] {
  return conjunctions.map((conj) => (holds(conj, rls) ? conj : [...conj, rls].sort(comparePredicates)));
}

/**
 * Plans with the predicate among the conjunctions; when that is rejected, plans the caller's query
 * alone (its own rejection, if any, is the one reported) and filters by the predicate as a residual.
 * `indexed`: some ordered index has the owner field among its key fields. When none does, the
 * predicate can bound nothing, so the residual plan is taken directly (the same plan, no rejection
 * built and thrown on the way).
 */
export function planWithRls(parsed: PlanInput, rls: Predicate | undefined, indexed: boolean, plan: (input: PlanInput) => Plan): Plan {
  // the caller's filter already pins the owner (the common case): nothing to add
  if (rls === undefined || parsed.conjunctions.every((conj) => holds(conj, rls))) return plan(parsed);
  if (indexed) {
    try {
      // only the two keys the planner reads: a spread of the whole parsed query costs more than planning
      return plan({ conjunctions: withRlsPredicate(parsed.conjunctions, rls), sort: parsed.sort });
    } catch (error) {
      if (!isAeroError(error)) throw error;
    }
  }
  const fallback = plan(parsed);
  return fallback.kind === 'or' ? { ...fallback, branches: fallback.branches.map((b) => withResidual(b, rls)) } : withResidual(fallback, rls);
}

type PlanInput = Pick<ParsedQuery, 'conjunctions' | 'sort'>;

function holds(conj: readonly Predicate[], rls: Predicate): boolean {
  for (const p of conj) if (p.field === rls.field && p.op === 'eq' && p.value === rls.value) return true;
  return false;
}

function withResidual<B extends BranchPlan>(branch: B, rls: Predicate): B {
  // sorted like every residual list, so the explain matches what planning with the predicate gives
  return { ...branch, residual: holds(branch.residual, rls) ? branch.residual : [...branch.residual, rls].sort(comparePredicates) };
}
