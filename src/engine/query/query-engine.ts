// The query entry points the Database calls: validate, plan, execute, explain.
import { isAeroError } from '../errors/aero-error.js';
import type { CollectionIndexes } from '../index/collection-indexes.js';
import { resolveField } from '../schema/field-path.js';
import type { AppliedSchema, Doc, Query } from '../types.js';
import { checkCursorShape } from './cursor.js';
import { acceptedExplain, rejectedExplain, type ExplainMeta } from './explain-builder.js';
import type { Explain } from './explain-types.js';
import { runPlan } from './executor.js';
import { parseQuery, type ParsedQuery } from './parse-query.js';
import type { Plan } from './plan-types.js';
import { planQuery } from './planner.js';
import { compileProjection } from './projection.js';

export interface QueryContext {
  collection: string;
  schema: AppliedSchema;
  docs: ReadonlyMap<string, Doc>;
  indexes: CollectionIndexes;
  maxLimit: number;
}

export interface QueryOptions {
  /** add `analyze` (documents scanned/returned, duration) to the explain */
  analyze?: boolean;
  /** clock for analyze.duration_ms, in milliseconds (default performance.now) */
  now?: () => number;
}

export interface QueryResult {
  docs: Doc[];
  next_cursor: string | null;
  /** present when query.count was true */
  count?: number;
  explain: Explain;
  documents_scanned: number;
}

/** Runs a query. Throws AeroError when the query is rejected (the same error explainQuery reports). */
export function executeQuery(ctx: QueryContext, query: Query, options: QueryOptions = {}): QueryResult {
  const now = options.now ?? defaultClock;
  const started = options.analyze ? now() : 0;
  const { parsed, plan } = prepare(ctx, query);
  const page = runPlan(plan, ctx.docs, parsed.limit, parsed.cursor, parsed.count);
  const docs = parsed.fields ? page.docs.map(compileProjection(parsed.fields)) : page.docs;
  const analyze = options.analyze
    ? { documents_scanned: page.scanned, documents_returned: docs.length, duration_ms: roundMs(now() - started) }
    : undefined;
  const explain = acceptedExplain(meta(ctx), plan, parsed.limit, analyze);
  // key order: docs, next_cursor, count (only when asked), explain, documents_scanned
  return page.count === undefined
    ? { docs, next_cursor: page.next_cursor, explain, documents_scanned: page.scanned }
    : { docs, next_cursor: page.next_cursor, count: page.count, explain, documents_scanned: page.scanned };
}

/** Explains a query; a rejected query is explained as `accepted: false`, never thrown. */
export function explainQuery(ctx: QueryContext, query: Query, options: QueryOptions = {}): Explain {
  try {
    if (options.analyze) return executeQuery(ctx, query, options).explain;
    const { parsed, plan } = prepare(ctx, query);
    return acceptedExplain(meta(ctx), plan, parsed.limit);
  } catch (error) {
    if (isAeroError(error)) return rejectedExplain(meta(ctx), error);
    throw error;
  }
}

function prepare(ctx: QueryContext, query: Query): { parsed: ParsedQuery; plan: Plan } {
  const parsed = parseQuery(ctx.schema, query, ctx.maxLimit);
  const plan = planQuery(ctx, parsed);
  if (parsed.cursor) checkCursorShape(parsed.cursor, plan.order, (field) => resolveField(ctx.schema, field)?.type);
  return { parsed, plan };
}

function meta(ctx: QueryContext): ExplainMeta {
  return { collection: ctx.collection, schema_version: ctx.schema.schema_version };
}

function defaultClock(): number {
  return performance.now();
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
