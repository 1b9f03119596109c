import type { CollectionSchema } from '../types.js';
import { pointerJoin } from './json-pointer.js';
import type { SchemaProblem } from './schema-problem.js';

const OPERATIONS = ['read', 'create', 'update', 'delete'] as const;

/** Semantic problems of a schema's rls: an owner policy needs an owner_field naming a string/reference field. */
export function rlsProblems(schema: CollectionSchema, base: string): SchemaProblem[] {
  const rls = schema.rls;
  if (!rls) return [];
  const problems: SchemaProblem[] = [];
  const pointer = pointerJoin(base, 'rls');
  const ownerOps = OPERATIONS.filter((op) => rls[op] === 'owner');
  if (ownerOps.length > 0 && rls.owner_field === undefined) {
    problems.push({ pointer, message: `rls uses the owner policy (${ownerOps.join(', ')}) but declares no owner_field`, hint: 'Add "owner_field": the string or reference field that holds the owner\'s user id (the JWT sub).' });
  }
  if (rls.owner_field !== undefined) {
    const def = schema.fields[rls.owner_field];
    if (!def) {
      problems.push({ pointer: pointerJoin(pointer, 'owner_field'), message: `rls owner_field "${rls.owner_field}" is not a declared top-level field`, hint: `Declare "${rls.owner_field}" (type string or reference), or point owner_field at an existing field.` });
    } else if (def.type !== 'string' && def.type !== 'reference') {
      problems.push({ pointer: pointerJoin(pointer, 'owner_field'), message: `rls owner_field "${rls.owner_field}" is of type ${def.type}; it must be a string or reference field`, hint: 'Use a string or reference field holding the owner\'s user id.' });
    }
  }
  return problems;
}
