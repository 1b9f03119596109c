// The query entry points the Database calls: validate, plan, execute, explain.
import { isAeroError } from '../errors/aero-error.js';
import type { CollectionIndexes } from '../index/collection-indexes.js';
import { resolveField } from '../schema/field-path.js';
import { deepFreeze } from '../schema/deep-freeze.js';
import type { CollectionTextIndexes } from '../text/collection-text-indexes.js';
import { explainScore } from '../text/score-explain.js';
import { searchText } from '../text/text-search.js';
import { planTextQuery, textCursor, textExplain, type TextPlan } from '../text/text-query.js';
import type { AppliedSchema, Doc, Query } from '../types.js';
import { checkCursorShape, encodeCursor } from './cursor.js';
import { acceptedExplain, rejectedExplain, type ExplainMeta } from './explain-builder.js';
import type { Explain } from './explain-types.js';
import { runPlan } from './executor.js';
import { parseQuery, type ParsedQuery } from './parse-query.js';
import type { Plan } from './plan-types.js';
import { planQuery } from './planner.js';
import { compileProjection } from './projection.js';
import { planWithRls, rlsExplain, rlsPredicate, withRlsPredicate, type RlsRead } from './rls-plan.js';

export interface QueryContext {
  collection: string;
  schema: AppliedSchema;
  docs: ReadonlyMap<string, Doc>;
  indexes: CollectionIndexes;
  maxLimit: number;
  /** the collection's text indexes (needed for text_search) */
  text?: CollectionTextIndexes;
  /** the named projection the query runs through (shown in explain) */
  projection?: string;
  /** row-level security of the caller (absent: service, not applied); its predicate joins the plan */
  rls?: RlsRead;
}

export interface QueryOptions {
  /** add `analyze` (documents scanned/returned, duration) to the explain */
  analyze?: boolean;
  /** clock for analyze.duration_ms, in milliseconds (default performance.now) */
  now?: () => number;
}

export interface QueryResult {
  /** the page as returned: projected by `fields`, with `_score` (and `_score_explain`) for text search */
  docs: Doc[];
  next_cursor: string | null;
  /** present when query.count was true */
  count?: number;
  explain: Explain;
  documents_scanned: number;
}

type Prepared = { kind: 'ordered'; parsed: ParsedQuery; plan: Plan } | { kind: 'text'; parsed: ParsedQuery; plan: TextPlan };

/** Runs a query. Throws AeroError when the query is rejected (the same error explainQuery reports). */
export function executeQuery(ctx: QueryContext, query: Query, options: QueryOptions = {}): QueryResult {
  return executeQueryPage(ctx, query, options).result;
}

/**
 * executeQuery, plus the page as stored documents (`stored[i]` is what `result.docs[i]` was made
 * from: expand reads references from it even when `fields` left them out).
 */
export function executeQueryPage(ctx: QueryContext, query: Query, options: QueryOptions = {}): { result: QueryResult; stored: Doc[] } {
  const now = options.now ?? defaultClock;
  const started = options.analyze ? now() : 0;
  const prepared = prepare(ctx, query);
  const { parsed } = prepared;
  const project = parsed.fields ? compileProjection(parsed.fields) : undefined;
  let stored: Doc[];
  let docs: Doc[];
  let next_cursor: string | null;
  let count: number | undefined;
  let scanned: number;
  if (prepared.kind === 'text') {
    const { plan } = prepared;
    const page = searchText({
      index: plan.index,
      terms: plan.terms,
      residual: plan.residual,
      docs: ctx.docs,
      limit: parsed.limit,
      cursor: textCursor(parsed.cursor),
      count: parsed.count,
    });
    stored = page.hits.map((hit) => hit.doc);
    docs = page.hits.map((hit) => {
      const base = project ? project(hit.doc) : hit.doc;
      const out: Record<string, unknown> = { ...base, _score: hit.score };
      if (parsed.explainScore) out._score_explain = explainScore(plan.index, plan.terms, hit.ord);
      return deepFreeze(out) as Doc;
    });
    next_cursor = page.next ? encodeCursor(page.next) : null;
    count = page.count;
    scanned = page.scanned;
  } else {
    const page = runPlan(prepared.plan, ctx.docs, parsed.limit, parsed.cursor, parsed.count);
    stored = page.docs;
    docs = project ? page.docs.map(project) : page.docs;
    next_cursor = page.next_cursor;
    count = page.count;
    scanned = page.scanned;
  }
  const analyze = options.analyze
    ? { documents_scanned: scanned, documents_returned: docs.length, duration_ms: roundMs(now() - started) }
    : undefined;
  const explain = explainOf(ctx, prepared, analyze);
  // key order: docs, next_cursor, count (only when asked), explain, documents_scanned
  const result: QueryResult = count === undefined
    ? { docs, next_cursor, explain, documents_scanned: scanned }
    : { docs, next_cursor, count, explain, documents_scanned: scanned };
  return { result, stored };
}

/** Explains a query; a rejected query is explained as `accepted: false`, never thrown. */
export function explainQuery(ctx: QueryContext, query: Query, options: QueryOptions = {}): Explain {
  try {
    if (options.analyze) return executeQueryPage(ctx, query, options).result.explain;
    return explainOf(ctx, prepare(ctx, query), undefined);
  } catch (error) {
    if (isAeroError(error)) return rejectedExplain(meta(ctx), error);
    throw error;
  }
}

function explainOf(ctx: QueryContext, prepared: Prepared, analyze: Explain['analyze']): Explain {
  if (prepared.kind === 'ordered') return acceptedExplain(meta(ctx), prepared.plan, prepared.parsed.limit, analyze);
  const explain = textExplain(meta(ctx), prepared.plan, prepared.parsed.limit);
  if (analyze) explain.analyze = analyze;
  return explain;
}

function prepare(ctx: QueryContext, query: Query): Prepared {
  const parsed = parseQuery(ctx.schema, query, ctx.maxLimit);
  const rls = rlsPredicate(ctx.rls);
  if (parsed.text) {
    // a text scan filters every predicate as a residual, the RLS one included
    const plan = planTextQuery(ctx.collection, ctx.text, rls ? { ...parsed, conjunctions: withRlsPredicate(parsed.conjunctions, rls) } : parsed);
    textCursor(parsed.cursor);
    return { kind: 'text', parsed, plan };
  }
  const plan = planWithRls(parsed, rls, rls !== undefined && ctx.indexes.ordered.some((index) => index.keyFields.includes(rls.field)), (p) => planQuery(ctx, p));
  if (parsed.cursor) checkCursorShape(parsed.cursor, plan.order, (field) => resolveField(ctx.schema, field)?.type);
  return { kind: 'ordered', parsed, plan };
}

function meta(ctx: QueryContext): ExplainMeta {
  const head: ExplainMeta = ctx.projection === undefined
    ? { collection: ctx.collection, schema_version: ctx.schema.schema_version }
    : { collection: ctx.collection, schema_version: ctx.schema.schema_version, projection: ctx.projection };
  if (ctx.rls !== undefined) head.rls = rlsExplain(ctx.rls);
  return head;
}

function defaultClock(): number {
  return performance.now();
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
