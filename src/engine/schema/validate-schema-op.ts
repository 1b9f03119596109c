import type { SchemaOp } from '../types.js';
import { schemaInvalidError, sortProblems } from './schema-problem.js';
import { SchemaValidators } from './schema-validators.js';

/**
 * Structural validation of one schema operation (SPEC §7 shapes, unknown keys rejected). Returns a
 * deep copy. Throws AERO_SCHEMA_INVALID with details.pointer (pointer + path inside the op) and
 * details.reason (the message without the pointer), for callers that re-wrap it.
 * Semantics (does the collection exist, is the field definition meaningful) are checked when the
 * op is planned (planSchemaOps). Pass `validators` when validating many ops.
 */
export function validateSchemaOp(op: unknown, pointer: string, validators: SchemaValidators = new SchemaValidators()): SchemaOp {
  const problems = validators.opShapeProblems(op, pointer);
  if (problems.length > 0) {
    const kind = (op as { op?: unknown } | null)?.op;
    throw schemaInvalidError(sortProblems(problems), 'schema operation', typeof kind === 'string' ? { operation: kind } : {});
  }
  return structuredClone(op) as SchemaOp;
}
