import { AeroError } from '../../errors/aero-error.js';
import { SYSTEM_PREFIX, type CollectionSchema } from '../../types.js';
import type { SchemaCatalog } from '../schema-catalog.js';
import { schemaInvalidError, sortProblems, type SchemaProblem } from '../schema-problem.js';
import { collectionSchemaProblems } from '../validate-collection-schema.js';
import { opError, opLabel, type OpRef } from './op-errors.js';
import type { WorkingCollection, WorkingSet } from './working-set.js';

/** What an op handler works with. */
export interface PlanContext {
  ws: WorkingSet;
  catalog: SchemaCatalog;
  ref: OpRef;
}

/** The working collection an op names, or AERO_SCHEMA_SYSTEM_COLLECTION / AERO_SCHEMA_UNKNOWN_COLLECTION. */
export function requireCollection(ctx: PlanContext, name: string): WorkingCollection {
  refuseSystem(ctx, name);
  const wc = ctx.ws.get(name);
  if (!wc) {
    const removed = ctx.ws.removed.get(name);
    const why = removed ? ` (op ${removed.op} ${removed.renamedTo === null ? 'dropped it' : `renamed it to "${removed.renamedTo}"`})` : '';
    throw opError(ctx.ref, 'AERO_SCHEMA_UNKNOWN_COLLECTION', `collection "${name}" does not exist${why}`, {
      details: { collection: name },
      hint: `Check the name; existing collections: ${ctx.ws.names().join(', ') || 'none'}.`,
    });
  }
  return wc;
}

export function refuseSystem(ctx: PlanContext, name: string): void {
  if (name.startsWith(SYSTEM_PREFIX)) {
    throw opError(ctx.ref, 'AERO_SCHEMA_SYSTEM_COLLECTION', `"${name}" is a system collection; schema operations cannot change it`, { details: { collection: name } });
  }
}

/** AERO_SCHEMA_INVALID for problems found in an op's own input (pointers into the op). */
export function opProblemsError(ctx: PlanContext, problems: SchemaProblem[]): AeroError {
  const err = schemaInvalidError(sortProblems(problems), 'schema operation', { op: ctx.ref.index });
  return new AeroError(err.code, `op ${ctx.ref.index} (${opLabel(ctx.ref.op)}): ${err.message}`, { details: err.details, hint: err.hint });
}

/**
 * Checks the schema an op leaves behind (pointers into that schema). References to collections
 * dropped or renamed earlier in the call are tolerated here and reported after the last op, so a
 * later op of the same call can still fix them.
 */
export function checkResultingSchema(ctx: PlanContext, schema: CollectionSchema): void {
  const problems = collectionSchemaProblems(schema, { pointer: '', collections: ctx.ws.namesForChecks() }, ctx.catalog.validators);
  if (problems.length === 0) return;
  const err = schemaInvalidError(sortProblems(problems), `schema "${schema.collection}"`, { op: ctx.ref.index, collection: schema.collection });
  throw new AeroError(err.code, `op ${ctx.ref.index} (${opLabel(ctx.ref.op)}) would leave an ${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}`, {
    details: err.details,
    hint: err.hint,
  });
}
