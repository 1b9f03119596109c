import type { SchemaOp } from '../../types.js';
import { canonicalIndex, canonicalProjection, canonicalRls } from '../canonical-schema.js';
import { indexDefProblems } from '../index-rules.js';
import { projectionDefProblems } from '../projection-rules.js';
import { rlsProblems } from '../rls-rules.js';
import { opError } from './op-errors.js';
import { checkResultingSchema, opProblemsError, requireCollection, type PlanContext } from './plan-context.js';

type Op<K extends SchemaOp['op']> = Extract<SchemaOp, { op: K }>;

/** add_index: the definition is checked here; the unique build check runs in the index code afterwards. */
export function addIndex(ctx: PlanContext, op: Op<'add_index'>): void {
  const wc = requireCollection(ctx, op.collection);
  const index = canonicalIndex(op.index);
  if ((wc.schema.indexes ?? []).some((existing) => existing.name === index.name)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_INDEX_EXISTS', `index "${index.name}" already exists on "${op.collection}"`, {
      details: { collection: op.collection, index: index.name },
    });
  }
  const problems = indexDefProblems(wc.schema, index, `/${ctx.ref.index}/index`);
  if (problems.length > 0) throw opProblemsError(ctx, problems);
  const schema = { ...wc.schema, indexes: [...(wc.schema.indexes ?? []), index] };
  checkResultingSchema(ctx, schema);
  ctx.ws.setSchema(op.collection, schema);
}

export function dropIndex(ctx: PlanContext, op: Op<'drop_index'>): void {
  const wc = requireCollection(ctx, op.collection);
  const indexes = wc.schema.indexes ?? [];
  if (!indexes.some((index) => index.name === op.name)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_UNKNOWN_INDEX', `index "${op.name}" does not exist on "${op.collection}"`, {
      details: { collection: op.collection, index: op.name },
      hint: `Indexes of "${op.collection}": ${indexes.map((index) => index.name).join(', ') || 'none'}.`,
    });
  }
  ctx.ws.setSchema(op.collection, { ...wc.schema, indexes: indexes.filter((index) => index.name !== op.name) });
}

/** set_rls: replaces the collection's rules as a whole (undeclared operations fall back to service). */
export function setRls(ctx: PlanContext, op: Op<'set_rls'>): void {
  const wc = requireCollection(ctx, op.collection);
  const schema = { ...wc.schema, rls: canonicalRls(op.rls) };
  const problems = rlsProblems(schema, `/${ctx.ref.index}`);
  if (problems.length > 0) throw opProblemsError(ctx, problems);
  checkResultingSchema(ctx, schema);
  ctx.ws.setSchema(op.collection, schema);
}

/** add_projection: projections are immutable and their names global, so any existing name is refused. */
export function addProjection(ctx: PlanContext, op: Op<'add_projection'>): void {
  const wc = requireCollection(ctx, op.collection);
  const projection = canonicalProjection(op.projection);
  for (const [name, other] of ctx.ws.entries()) {
    if ((other.schema.projections ?? []).some((existing) => existing.name === projection.name)) {
      throw opError(ctx.ref, 'AERO_SCHEMA_PROJECTION_EXISTS', `projection "${projection.name}" already exists${name === op.collection ? '' : ` (on "${name}")`}`, {
        details: { collection: name, projection: projection.name },
      });
    }
  }
  const problems = projectionDefProblems(wc.schema, projection, `/${ctx.ref.index}/projection`);
  if (problems.length > 0) throw opProblemsError(ctx, problems);
  const schema = { ...wc.schema, projections: [...(wc.schema.projections ?? []), projection] };
  checkResultingSchema(ctx, schema);
  ctx.ws.setSchema(op.collection, schema);
}

export function dropProjection(ctx: PlanContext, op: Op<'drop_projection'>): void {
  const wc = requireCollection(ctx, op.collection);
  const projections = wc.schema.projections ?? [];
  if (!projections.some((projection) => projection.name === op.name)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_UNKNOWN_PROJECTION', `projection "${op.name}" does not exist on "${op.collection}"`, {
      details: { collection: op.collection, projection: op.name },
      hint: `Projections of "${op.collection}": ${projections.map((projection) => projection.name).join(', ') || 'none'}.`,
    });
  }
  ctx.ws.setSchema(op.collection, { ...wc.schema, projections: projections.filter((projection) => projection.name !== op.name) });
}
