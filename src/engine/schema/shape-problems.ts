import type { ErrorObject } from 'ajv';
import { jsonTypeOf } from './json-type.js';
import { pointerJoin } from './json-pointer.js';
import { SCHEMA_OP_NAMES } from './schema-meta-schemas.js';
import type { SchemaProblem } from './schema-problem.js';

/** Turns ajv errors of a structural (meta-schema) check into problems with pointers and fixes. */
export function problemsFromShapeErrors(errors: readonly ErrorObject[], basePointer: string): SchemaProblem[] {
  return errors.map((error) => shapeProblem(error, basePointer));
}

function shapeProblem(error: ErrorObject, base: string): SchemaProblem {
  const at = base + error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((parent['properties'] ?? {}) as object);
      return {
        pointer: pointerJoin(at, key),
        message: `unknown key "${key}"`,
        hint: allowed.length > 0 ? `Remove "${key}" or fix its spelling; the keys allowed here are: ${allowed.join(', ')}.` : `Remove "${key}".`,
      };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { pointer: pointerJoin(at, key), message: `missing required key "${key}"`, hint: `Add "${key}".` };
    }
    case 'type':
      return { pointer: at, message: `must be ${article(String(params['type']))}, got ${jsonTypeOf(error.data)}`, hint: `Change the value to ${article(String(params['type']))}.` };
    case 'enum': {
      const allowed = (error.schema as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { pointer: at, message: `${JSON.stringify(error.data)} is not one of ${allowed}`, hint: `Use one of: ${allowed}.` };
    }
    case 'discriminator': {
      const ops = SCHEMA_OP_NAMES.join(', ');
      if (params['error'] === 'mapping') {
        return { pointer: pointerJoin(at, 'op'), message: `unknown op ${JSON.stringify(params['tagValue'])}`, hint: `Use one of: ${ops}.` };
      }
      return { pointer: pointerJoin(at, 'op'), message: '"op" must be a string naming the operation', hint: `Set "op" to one of: ${ops}.` };
    }
    case 'minItems':
      return { pointer: at, message: `must have at least ${String(params['limit'])} item(s)`, hint: 'Add the missing items or remove the key.' };
    default:
      return { pointer: at, message: error.message ?? 'is invalid', hint: 'Fix the value at this pointer; docs/schemas.md describes every option.' };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
