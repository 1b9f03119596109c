import type { FieldDef } from '../types.js';
import { AERO_TYPE_KEYWORD, INT_FORMAT, TIMESTAMP_FORMAT } from './aero-ajv.js';

export type JsonSchema = Record<string, unknown> | boolean;

/** The ajv JSON schema of a whole document: declared fields only, at every object level. */
export function documentJsonSchema(fields: Readonly<Record<string, FieldDef>>): JsonSchema {
  const schema = objectJsonSchema(fields);
  const id = (schema['properties'] as Record<string, JsonSchema>)['_id'];
  // an empty _id could never be addressed in a URL or a cursor
  if (id && typeof id === 'object' && id['minLength'] === undefined) id['minLength'] = 1;
  return schema;
}

/** The ajv JSON schema of one field value (what a document holds under that field's name). */
export function fieldJsonSchema(def: FieldDef): JsonSchema {
  if (def.type === 'reverse_reference') return false; // virtual: expanded on read, never stored
  const base = baseJsonSchema(def);
  return def.nullable === true ? { if: { type: 'null' }, else: base } : base;
}

function objectJsonSchema(fields: Readonly<Record<string, FieldDef>>): Record<string, unknown> {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, def] of Object.entries(fields)) {
    properties[name] = fieldJsonSchema(def);
    if (def.required === true && def.type !== 'reverse_reference') required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function baseJsonSchema(def: FieldDef): Record<string, unknown> {
  const out: Record<string, unknown> = { [AERO_TYPE_KEYWORD]: def.type };
  switch (def.type) {
    case 'string':
      out['type'] = 'string';
      copy(def, out, ['minLength', 'maxLength', 'pattern', 'enum']);
      break;
    case 'int':
      out['type'] = 'number';
      out['format'] = INT_FORMAT;
      copy(def, out, ['minimum', 'maximum', 'enum']);
      break;
    case 'float':
      out['type'] = 'number';
      copy(def, out, ['minimum', 'maximum', 'enum']);
      break;
    case 'bool':
      out['type'] = 'boolean';
      break;
    case 'timestamp':
      out['type'] = 'string';
      out['format'] = TIMESTAMP_FORMAT;
      break;
    case 'reference':
      out['type'] = 'string';
      out['minLength'] = 1;
      break;
    case 'array':
      out['type'] = 'array';
      out['items'] = def.items ? fieldJsonSchema(def.items) : true;
      copy(def, out, ['minItems', 'maxItems']);
      break;
    case 'object':
      Object.assign(out, objectJsonSchema(def.fields ?? {}));
      break;
    case 'reverse_reference':
      throw new Error('unreachable: reverse_reference has no stored value');
  }
  return out;
}

function copy(def: FieldDef, out: Record<string, unknown>, keys: Array<keyof FieldDef>): void {
  for (const key of keys) if (def[key] !== undefined) out[key] = structuredClone(def[key]);
}
