import type { CollectionSchema, IndexDef } from '../types.js';
import { DEFINITION_NAME_PATTERN, DEFINITION_NAME_RULE, isScalarFieldType, SCALAR_FIELD_TYPES } from './field-names.js';
import { resolveField } from './field-path.js';
import { pointerJoin } from './json-pointer.js';
import type { SchemaProblem } from './schema-problem.js';

/** Semantic problems of a schema's indexes: names, declared scalar fields, text index config. */
export function indexProblems(schema: CollectionSchema, base: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  (schema.indexes ?? []).forEach((index, i) => {
    const pointer = pointerJoin(base, 'indexes', i);
    if (seen.has(index.name)) {
      problems.push({ pointer: pointerJoin(pointer, 'name'), message: `index name "${index.name}" is used twice`, hint: 'Give every index of a collection its own name.' });
    }
    seen.add(index.name);
    problems.push(...indexDefProblems(schema, index, pointer));
  });
  return problems;
}

/** Problems of one index definition against the schema's fields. */
export function indexDefProblems(schema: Pick<CollectionSchema, 'fields'>, index: IndexDef, pointer: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!DEFINITION_NAME_PATTERN.test(index.name)) {
    problems.push({ pointer: pointerJoin(pointer, 'name'), message: `index name "${index.name}" is not allowed`, hint: DEFINITION_NAME_RULE });
  }
  const isText = index.type === 'text';
  const seenFields = new Set<string>();
  index.fields.forEach((path, j) => {
    const at = pointerJoin(pointer, 'fields', j);
    if (seenFields.has(path)) problems.push({ pointer: at, message: `index "${index.name}" lists field "${path}" twice`, hint: 'List each field once.' });
    seenFields.add(path);
    const def = resolveField(schema, path);
    if (!def) {
      problems.push({ pointer: at, message: `index "${index.name}" uses undeclared field "${path}"`, hint: `Declare "${path}" in fields (dotted paths go through object fields), or remove it from the index.` });
    } else if (isText && def.type !== 'string') {
      problems.push({ pointer: at, message: `text index "${index.name}" uses field "${path}" of type ${def.type}; text indexes cover string fields only`, hint: `Remove "${path}" from the text index.` });
    } else if (!isScalarFieldType(def.type)) {
      problems.push({ pointer: at, message: `index "${index.name}" uses field "${path}" of type ${def.type}, which is not scalar`, hint: `Index only ${SCALAR_FIELD_TYPES.join(', ')} fields (or a scalar field inside an object, by dotted path).` });
    }
  });
  if (isText) {
    if (index.unique !== undefined) problems.push({ pointer: pointerJoin(pointer, 'unique'), message: `text index "${index.name}" cannot be unique`, hint: 'Remove "unique" from the text index.' });
    if (!index.config?.language) {
      problems.push({ pointer: pointerJoin(pointer, 'config'), message: `text index "${index.name}" does not declare config.language`, hint: 'Add "config": { "language": "english" } (stemming and stop words) or "simple" (none).' });
    }
    for (const field of Object.keys(index.config?.weights ?? {})) {
      if (!index.fields.includes(field)) {
        problems.push({ pointer: pointerJoin(pointer, 'config', 'weights', field), message: `text index "${index.name}" has a weight for "${field}", which it does not index`, hint: `Weights apply only to the index's own fields: ${index.fields.join(', ')}.` });
      }
    }
  } else if (index.config !== undefined) {
    problems.push({ pointer: pointerJoin(pointer, 'config'), message: `index "${index.name}" has "config", which only text indexes take`, hint: 'Remove "config", or set "type": "text".' });
  }
  return problems;
}
