import type { CollectionSchema, FieldDef, ProjectionDef } from '../types.js';
import { DEFINITION_NAME_PATTERN, DEFINITION_NAME_RULE, isScalarFieldType } from './field-names.js';
import { resolveField } from './field-path.js';
import { isPlainObject } from './json-type.js';
import { pointerJoin } from './json-pointer.js';
import type { SchemaProblem } from './schema-problem.js';
import { normaliseTimestamp } from './timestamp.js';

const COMPARISON_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$exists'];

/** Semantic problems of a schema's projections: names, declared fields, a filter on declared fields. */
export function projectionProblems(schema: CollectionSchema, base: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  (schema.projections ?? []).forEach((projection, i) => {
    const pointer = pointerJoin(base, 'projections', i);
    if (seen.has(projection.name)) problems.push({ pointer: pointerJoin(pointer, 'name'), message: `projection name "${projection.name}" is used twice`, hint: 'Give every projection its own name.' });
    seen.add(projection.name);
    problems.push(...projectionDefProblems(schema, projection, pointer));
  });
  return problems;
}

/** Problems of one projection definition against the schema's fields. */
export function projectionDefProblems(schema: CollectionSchema, projection: ProjectionDef, pointer: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!DEFINITION_NAME_PATTERN.test(projection.name)) {
    problems.push({ pointer: pointerJoin(pointer, 'name'), message: `projection name "${projection.name}" is not allowed`, hint: DEFINITION_NAME_RULE });
  }
  const seenFields = new Set<string>();
  projection.fields.forEach((path, j) => {
    const at = pointerJoin(pointer, 'fields', j);
    if (seenFields.has(path)) problems.push({ pointer: at, message: `projection "${projection.name}" lists field "${path}" twice`, hint: 'List each field once.' });
    seenFields.add(path);
    const def = resolveField(schema, path);
    if (!def) problems.push({ pointer: at, message: `projection "${projection.name}" uses undeclared field "${path}"`, hint: `Declare "${path}" or remove it from the projection.` });
    else if (def.type === 'reverse_reference') problems.push({ pointer: at, message: `projection "${projection.name}" lists reverse_reference "${path}", which is not stored`, hint: 'List stored fields only.' });
  });
  if (projection.filter !== undefined) filterProblems(schema, projection.filter, pointerJoin(pointer, 'filter'), projection.name, problems);
  return problems;
}

function filterProblems(schema: CollectionSchema, filter: unknown, pointer: string, owner: string, problems: SchemaProblem[]): void {
  if (!isPlainObject(filter)) {
    problems.push({ pointer, message: `filter of projection "${owner}" must be an object`, hint: 'Write the filter like a query filter: { "status": "published" }.' });
    return;
  }
  for (const [key, value] of Object.entries(filter)) {
    const at = pointerJoin(pointer, key);
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        problems.push({ pointer: at, message: `${key} in projection "${owner}" must be a non-empty array of filters`, hint: `Write "${key}": [ { ... }, { ... } ].` });
      } else value.forEach((branch, i) => filterProblems(schema, branch, pointerJoin(at, i), owner, problems));
      continue;
    }
    if (key.startsWith('$')) {
      problems.push({ pointer: at, message: `unknown operator "${key}" in projection "${owner}"`, hint: 'Top-level filter keys are field names, $and or $or.' });
      continue;
    }
    const def = resolveField(schema, key);
    if (!def) {
      problems.push({ pointer: at, message: `projection "${owner}" filters on undeclared field "${key}"`, hint: `Filter on declared fields only (dotted paths go through object fields).` });
      continue;
    }
    if (!isScalarFieldType(def.type)) {
      problems.push({ pointer: at, message: `projection "${owner}" filters on "${key}" of type ${def.type}; only scalar fields can be filtered`, hint: 'Filter on string, int, float, bool, timestamp or reference fields.' });
      continue;
    }
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      for (const [op, operand] of Object.entries(value)) operatorProblems(def, key, op, operand, pointerJoin(at, op), owner, problems);
    } else {
      valueProblem(def, key, value, true, at, owner, problems);
    }
  }
}

function operatorProblems(def: FieldDef, field: string, op: string, operand: unknown, at: string, owner: string, problems: SchemaProblem[]): void {
  if (!COMPARISON_OPERATORS.includes(op)) {
    problems.push({ pointer: at, message: `unknown operator "${op}" on "${field}" in projection "${owner}"`, hint: `Use one of ${COMPARISON_OPERATORS.join(' ')}.` });
    return;
  }
  if (op === '$exists') {
    if (typeof operand !== 'boolean') problems.push({ pointer: at, message: `$exists on "${field}" must be true or false`, hint: 'Write "$exists": true or false.' });
    return;
  }
  if (op === '$in') {
    if (!Array.isArray(operand) || operand.length === 0) {
      problems.push({ pointer: at, message: `$in on "${field}" must be a non-empty array`, hint: 'Write "$in": [value, ...].' });
    } else operand.forEach((item, i) => valueProblem(def, field, item, true, pointerJoin(at, i), owner, problems));
    return;
  }
  valueProblem(def, field, operand, op === '$eq' || op === '$ne', at, owner, problems);
}

function valueProblem(def: FieldDef, field: string, value: unknown, nullAllowed: boolean, at: string, owner: string, problems: SchemaProblem[]): void {
  if (value === null && nullAllowed) return;
  if (!matchesScalarType(def, value)) {
    problems.push({ pointer: at, message: `projection "${owner}" compares "${field}" (${def.type}) with ${JSON.stringify(value)}`, hint: `Use a ${def.type} value${def.type === 'timestamp' ? ' (RFC 3339 string)' : ''}.` });
  }
}

function matchesScalarType(def: FieldDef, value: unknown): boolean {
  switch (def.type) {
    case 'string':
    case 'reference':
      return typeof value === 'string';
    case 'timestamp':
      return typeof value === 'string' && normaliseTimestamp(value) !== null;
    case 'int':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    default:
      return false;
  }
}
