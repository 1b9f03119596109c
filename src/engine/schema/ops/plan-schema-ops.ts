import { AeroError } from '../../errors/aero-error.js';
import type { SchemaOp } from '../../types.js';
import type { SchemaCatalog } from '../schema-catalog.js';
import { validateSchemaOp } from '../validate-schema-op.js';
import { createCollection, dropCollection, renameCollection } from './collection-ops.js';
import { addIndex, addProjection, dropIndex, dropProjection, setRls } from './definition-ops.js';
import { addField, changeField, removeField, renameField } from './field-ops.js';
import { checkFinalSchemas } from './final-check.js';
import { withOpContext } from './op-errors.js';
import type { PlanContext } from './plan-context.js';
import { buildPlan } from './plan-result.js';
import type { SchemaOpsPlan, SchemaStateView } from './schema-ops-types.js';
import { WorkingSet } from './working-set.js';

export type { SchemaOpsPlan, SchemaStateView } from './schema-ops-types.js';

/**
 * Plans a list of schema operations (SPEC §7) as one atomic change: ops apply in order, each seeing
 * the previous ones' results, on an overlay of `state` (never mutated). Every touched collection's
 * schema_version goes up by exactly one (created ones start at 1). Throws the first failing op's
 * error (message "op N (label): ...", details.op = N); nothing is planned then.
 */
export function planSchemaOps(ops: readonly SchemaOp[], state: SchemaStateView, catalog: SchemaCatalog): SchemaOpsPlan {
  const ws = new WorkingSet(state);
  ops.forEach((raw, index) => {
    const op = validatedOp(raw, index, catalog);
    const ref = { index, op };
    withOpContext(ref, () => applyOp({ ws, catalog, ref }, op));
  });
  checkFinalSchemas(ws, catalog);
  return buildPlan(ws, state);
}

function validatedOp(raw: unknown, index: number, catalog: SchemaCatalog): SchemaOp {
  try {
    return validateSchemaOp(raw, `/${index}`, catalog.validators);
  } catch (err) {
    if (!(err instanceof AeroError)) throw err;
    throw new AeroError(err.code, `op ${index}: ${err.message}`, { details: { ...err.details, op: index }, hint: err.hint });
  }
}

function applyOp(ctx: PlanContext, op: SchemaOp): void {
  switch (op.op) {
    case 'create_collection':
      return createCollection(ctx, op);
    case 'drop_collection':
      return dropCollection(ctx, op);
    case 'rename_collection':
      return renameCollection(ctx, op);
    case 'add_field':
      return addField(ctx, op);
    case 'remove_field':
      return removeField(ctx, op);
    case 'rename_field':
      return renameField(ctx, op);
    case 'change_field':
      return changeField(ctx, op);
    case 'add_index':
      return addIndex(ctx, op);
    case 'drop_index':
      return dropIndex(ctx, op);
    case 'set_rls':
      return setRls(ctx, op);
    case 'add_projection':
      return addProjection(ctx, op);
    case 'drop_projection':
      return dropProjection(ctx, op);
  }
}
