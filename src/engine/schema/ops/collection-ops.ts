import { AeroError } from '../../errors/aero-error.js';
import type { CollectionSchema, FieldDef, SchemaOp } from '../../types.js';
import { COLLECTION_NAME_PATTERN, COLLECTION_NAME_RULE } from '../field-names.js';
import { validateCollectionSchema } from '../validate-collection-schema.js';
import { opError, opLabel } from './op-errors.js';
import { opProblemsError, refuseSystem, requireCollection, type PlanContext } from './plan-context.js';

type Op<K extends SchemaOp['op']> = Extract<SchemaOp, { op: K }>;

export function createCollection(ctx: PlanContext, op: Op<'create_collection'>): void {
  const name = op.schema.collection;
  refuseSystem(ctx, name);
  if (ctx.ws.has(name)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_COLLECTION_EXISTS', `collection "${name}" already exists`, { details: { collection: name } });
  }
  let schema: CollectionSchema;
  try {
    schema = validateCollectionSchema(op.schema, { pointer: `/${ctx.ref.index}/schema`, collections: ctx.ws.namesForChecks() }, ctx.catalog.validators);
  } catch (err) {
    if (!(err instanceof AeroError)) throw err;
    throw new AeroError(err.code, `op ${ctx.ref.index} (${opLabel(ctx.ref.op)}): ${err.message}`, { details: { ...err.details, op: ctx.ref.index }, hint: err.hint });
  }
  ctx.ws.create(schema);
}

export function dropCollection(ctx: PlanContext, op: Op<'drop_collection'>): void {
  requireCollection(ctx, op.collection);
  // references from other collections are checked after the last op (a later op may drop them too)
  ctx.ws.drop(op.collection, ctx.ref.index);
}

/**
 * Renames a collection; its documents move with it. References of the collection to itself follow
 * the rename. References from other collections are not rewritten: after the last op they must
 * point at the new name (a change_field in the same call), otherwise the call fails naming them.
 */
export function renameCollection(ctx: PlanContext, op: Op<'rename_collection'>): void {
  const wc = requireCollection(ctx, op.from);
  refuseSystem(ctx, op.to);
  if (!COLLECTION_NAME_PATTERN.test(op.to)) {
    throw opProblemsError(ctx, [{ pointer: `/${ctx.ref.index}/to`, message: `collection name "${op.to}" is not allowed`, hint: COLLECTION_NAME_RULE }]);
  }
  if (ctx.ws.has(op.to)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_COLLECTION_EXISTS', `collection "${op.to}" already exists`, { details: { collection: op.to } });
  }
  const fields: Record<string, FieldDef> = {};
  for (const [name, def] of Object.entries(wc.schema.fields)) {
    if (def.type === 'reference' && def.target_collection === op.from) fields[name] = { ...def, target_collection: op.to };
    else if (def.type === 'reverse_reference' && def.source_collection === op.from) fields[name] = { ...def, source_collection: op.to };
    else fields[name] = def;
  }
  ctx.ws.rename(op.from, op.to, ctx.ref.index, { ...wc.schema, collection: op.to, fields });
}
