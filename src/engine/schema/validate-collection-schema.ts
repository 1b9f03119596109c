import { SYSTEM_PREFIX, type CollectionSchema } from '../types.js';
import { canonicalSchema } from './canonical-schema.js';
import { COLLECTION_NAME_PATTERN, COLLECTION_NAME_RULE } from './field-names.js';
import { fieldProblems } from './field-rules.js';
import { indexProblems } from './index-rules.js';
import { pointerJoin } from './json-pointer.js';
import { projectionProblems } from './projection-rules.js';
import { rlsProblems } from './rls-rules.js';
import type { SchemaCheckContext } from './schema-check-context.js';
import { schemaInvalidError, sortProblems, type SchemaProblem } from './schema-problem.js';
import { SchemaValidators } from './schema-validators.js';

export type { SchemaCheckContext } from './schema-check-context.js';

/**
 * Validates a §3 collection schema (structure with ajv, then meaning) and returns a canonical copy
 * (see canonicalSchema). Throws AERO_SCHEMA_INVALID naming the JSON pointer (ctx.pointer + the path
 * inside the schema) and the fix; details.problems lists every problem found.
 * Pass `validators` (e.g. catalog.validators) when validating many schemas: compiling them costs ms.
 * With ctx.allowSchemaVersion the result keeps the file's schema_version.
 */
export function validateCollectionSchema(
  input: unknown,
  ctx: SchemaCheckContext,
  validators: SchemaValidators = new SchemaValidators(),
): CollectionSchema & { schema_version?: number } {
  const shape = validators.collectionShapeProblems(input, ctx.pointer);
  if (shape.length > 0) throw schemaInvalidError(sortProblems(shape), 'schema', collectionDetail(input));
  const schema = input as CollectionSchema & { schema_version?: number };
  const problems = collectionSchemaProblems(schema, ctx, validators);
  if (problems.length > 0) throw schemaInvalidError(sortProblems(problems), 'schema', { collection: schema.collection });
  const canonical = canonicalSchema(schema);
  if (!ctx.allowSchemaVersion || schema.schema_version === undefined) return canonical;
  const { collection, ...rest } = canonical;
  return { collection, schema_version: schema.schema_version, ...rest };
}

/** Every semantic problem of a structurally valid schema. */
export function collectionSchemaProblems(schema: CollectionSchema & { schema_version?: number }, ctx: SchemaCheckContext, validators: SchemaValidators): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const base = ctx.pointer;
  const name = schema.collection;
  if (name.startsWith(SYSTEM_PREFIX)) {
    problems.push({ pointer: pointerJoin(base, 'collection'), message: `collection name "${name}" is reserved for AeroDB`, hint: `Names starting with ${SYSTEM_PREFIX} belong to system collections; pick another name. ${COLLECTION_NAME_RULE}` });
  } else if (!COLLECTION_NAME_PATTERN.test(name)) {
    problems.push({ pointer: pointerJoin(base, 'collection'), message: `collection name "${name}" is not allowed`, hint: COLLECTION_NAME_RULE });
  }
  if (schema.schema_version !== undefined && !ctx.allowSchemaVersion) {
    problems.push({ pointer: pointerJoin(base, 'schema_version'), message: 'schema_version is assigned by AeroDB', hint: 'Remove "schema_version"; every schema operation bumps it.' });
  }
  problems.push(...fieldProblems(schema, ctx, validators));
  problems.push(...indexProblems(schema, base));
  problems.push(...rlsProblems(schema, base));
  problems.push(...projectionProblems(schema, base));
  problems.push(...crossCollectionProblems(schema, ctx));
  return problems;
}

/** Projection names are global (GET /api/projections/:name), so they must not clash across collections. */
function crossCollectionProblems(schema: CollectionSchema, ctx: SchemaCheckContext): SchemaProblem[] {
  if (!ctx.schemas) return [];
  const problems: SchemaProblem[] = [];
  const owners = new Map<string, string>();
  for (const [collection, other] of [...ctx.schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (collection === schema.collection) continue;
    for (const projection of other.projections ?? []) if (!owners.has(projection.name)) owners.set(projection.name, collection);
  }
  (schema.projections ?? []).forEach((projection, i) => {
    const owner = owners.get(projection.name);
    if (owner !== undefined) {
      problems.push({
        pointer: pointerJoin(ctx.pointer, 'projections', i, 'name'),
        message: `projection name "${projection.name}" is already used by collection "${owner}"`,
        hint: 'Projection names are global (GET /api/projections/:name); pick another name.',
      });
    }
  });
  return problems;
}

function collectionDetail(input: unknown): Record<string, unknown> {
  const name = (input as { collection?: unknown } | null)?.collection;
  return typeof name === 'string' ? { collection: name } : {};
}
