// Builds the explain document (SPEC §5). Objects are built key by key in the declared order of
// explain-types.ts (never by spreading user objects), so JSON.stringify is byte-identical across runs.
import type { AeroError } from '../errors/aero-error.js';
import type { BoundSpec, Explain, ResidualPredicate } from './explain-types.js';
import type { BranchPlan, IndexPlan, OrderEntry, Plan } from './plan-types.js';
import type { Predicate } from './predicate.js';

export const PLANNER_VERSION = 1;

export interface ExplainMeta {
  collection: string;
  schema_version: number;
  /** set when the query runs through a named projection */
  projection?: string;
  /** row-level security as applied to this query (absent: not applied) */
  rls?: Explain['rls'];
}

/** The leading keys of every explain: accepted, collection and (only when set) projection. */
export function explainHead(meta: ExplainMeta, accepted = true): Pick<Explain, 'accepted' | 'collection' | 'projection'> {
  return meta.projection === undefined
    ? { accepted, collection: meta.collection }
    : { accepted, collection: meta.collection, projection: meta.projection };
}

/**
 * The head followed by `body`, in that key order. Object.assign, not `{ ...head, ... }`: on V8 11
 * (Node 20) a spread followed by many keys costs ~10 us per object, more than the rest of a find.
 */
export function withHead(meta: ExplainMeta, accepted: boolean, body: Omit<Explain, 'accepted' | 'collection' | 'projection'>): Explain {
  return Object.assign(explainHead(meta, accepted), body);
}

export interface AnalyzeInfo {
  documents_scanned: number;
  documents_returned: number;
  duration_ms: number;
}

export function acceptedExplain(meta: ExplainMeta, plan: Plan, limit: number, analyze?: AnalyzeInfo): Explain {
  let explain: Explain;
  if (plan.kind === 'or') {
    explain = withHead(meta, true, {
      schema_version: meta.schema_version,
      planner_version: PLANNER_VERSION,
      scan: 'OR_UNION',
      sort: { by_index: plan.branches.every(branchSortsByIndex), order: orderPairs(plan.order) },
      limit,
      rls: rlsOf(meta),
      branches: plan.branches.map((branch) => branchExplain(meta, branch, limit)),
      rejected_alternatives: [],
    });
  } else {
    explain = branchExplain(meta, plan, limit);
  }
  if (analyze) {
    explain.analyze = {
      documents_scanned: analyze.documents_scanned,
      documents_returned: analyze.documents_returned,
      duration_ms: analyze.duration_ms,
    };
  }
  return explain;
}

export function rejectedExplain(meta: ExplainMeta, error: AeroError): Explain {
  const field = error.details.field;
  return withHead(meta, false, {
    schema_version: meta.schema_version,
    planner_version: PLANNER_VERSION,
    rejection: { code: error.code, message: error.message, field: typeof field === 'string' ? field : null, hint: error.hint },
  });
}

function branchExplain(meta: ExplainMeta, plan: BranchPlan, limit: number): Explain {
  const isIndex = plan.kind === 'index';
  return withHead(meta, true, {
    schema_version: meta.schema_version,
    planner_version: PLANNER_VERSION,
    scan: isIndex ? plan.scan : 'PK_LOOKUP',
    index: isIndex ? plan.index.name : '_id',
    index_fields: isIndex ? [...plan.index.fields] : ['_id'],
    bounds: isIndex ? indexBounds(plan) : { _id: equalityBound(plan.idPred) },
    residual: plan.residual.map(residualPredicate),
    sort: { by_index: branchSortsByIndex(plan), order: orderPairs(plan.order) },
    limit,
    rls: rlsOf(meta),
    rejected_alternatives: plan.rejected.map((r) => ({ index: r.index, reason: r.reason })),
  });
}

/** `meta.rls` is built per explain (query-engine meta()), so sharing it between branches is safe. */
function rlsOf(meta: ExplainMeta): NonNullable<Explain['rls']> {
  return meta.rls ?? { applied: false, predicate: null };
}

function branchSortsByIndex(plan: BranchPlan): boolean {
  return plan.kind === 'index' || plan.byId || plan.ids.length <= 1;
}

function indexBounds(plan: IndexPlan): Record<string, BoundSpec> {
  const bounds: Record<string, BoundSpec> = {};
  for (const p of plan.eqPreds) bounds[p.field] = equalityBound(p);
  if (plan.lower || plan.upper) {
    const range: BoundSpec = {};
    // declaration order of BoundSpec: gt, gte, then lt, lte
    if (plan.lower) range[plan.lower.op as 'gt' | 'gte'] = plan.lower.value;
    if (plan.upper) range[plan.upper.op as 'lt' | 'lte'] = plan.upper.value;
    bounds[plan.index.keyFields[plan.eqPreds.length]!] = range;
  }
  return bounds;
}

function equalityBound(p: Predicate): BoundSpec {
  return p.op === 'in' ? { in: [...(p.value as unknown[])] } : { eq: p.value };
}

function residualPredicate(p: Predicate): ResidualPredicate {
  return { field: p.field, op: p.op, value: p.op === 'in' ? [...(p.value as unknown[])] : p.value };
}

function orderPairs(order: readonly OrderEntry[]): Array<[string, 'asc' | 'desc']> {
  return order.map((o) => [o.field, o.dir]);
}
