// JSON Schema (OpenAPI 3.1 dialect) of a collection's documents, from its declared fields.
// Three shapes: the stored document, an insert/replace body, and a merge-patch body.
import type { AppliedSchema, FieldDef } from '../../engine/types.js';

export type JsonObject = Record<string, unknown>;
export type SchemaMode = 'document' | 'input' | 'patch';

/** The body/response schema of `schema`'s documents in the given mode. */
export function collectionSchema(schema: AppliedSchema, mode: SchemaMode): JsonObject {
  const fields: Record<string, FieldDef> = { _id: { type: 'string', required: true }, ...schema.fields };
  const out = objectSchema(fields, mode);
  if (mode === 'input') out['required'] = (out['required'] as string[]).filter((name) => name !== '_id');
  // keys reads add, never stored
  if (mode === 'document') Object.assign(out['properties'] as JsonObject, expandedProperty(schema, Object.keys(schema.fields)), scoreProperties(schema));
  out['description'] = describeMode(schema, mode);
  return out;
}

/** `_expanded`, a key reads add when `expand` is given, if any of `fields` can be expanded. */
export function expandedProperty(schema: AppliedSchema, fields: readonly string[]): JsonObject {
  const expandable = fields.some((name) => {
    const type = schema.fields[name]?.type;
    return type === 'reference' || type === 'reverse_reference';
  });
  if (!expandable) return {};
  return {
    _expanded: {
      type: 'object',
      readOnly: true,
      description: 'Only with expand: the related documents by field (a document or null for a reference, an array for a reverse_reference).',
    },
  };
}

/** `_score` / `_score_explain`, keys text search adds, if the collection has a text index. */
function scoreProperties(schema: AppliedSchema): JsonObject {
  if (!(schema.indexes ?? []).some((index) => index.type === 'text')) return {};
  return {
    _score: { type: 'number', readOnly: true, description: 'Only with text_search: the BM25 score.' },
    _score_explain: { type: 'object', readOnly: true, description: 'Only with text_search and explain_score=true: per-term tf, idf and field contributions.' },
  };
}

function describeMode(schema: AppliedSchema, mode: SchemaMode): string {
  const base = `"${schema.collection}" (schema_version ${schema.schema_version})`;
  if (mode === 'document') return `A stored document of ${base}.`;
  if (mode === 'input') return `A document to insert or replace in ${base}; _id is generated (UUIDv7) when omitted.`;
  return `An update (merge) of ${base}: the given top-level fields replace the stored ones, an object field is replaced whole.`;
}

function objectSchema(fields: Readonly<Record<string, FieldDef>>, mode: SchemaMode): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const name of Object.keys(fields)) {
    const def = fields[name]!;
    if (def.type === 'reverse_reference') continue; // virtual: only present when expanded
    properties[name] = fieldSchema(def, mode);
    if (isRequired(def, mode)) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function isRequired(def: FieldDef, mode: SchemaMode): boolean {
  // an update names only the top-level fields it changes (nested values arrive as 'input')
  if (def.required !== true || mode === 'patch') return false;
  if (mode === 'input') return def.default === undefined;
  return true;
}

function fieldSchema(def: FieldDef, mode: SchemaMode): JsonObject {
  // an update replaces a top-level field whole, so values below it are full input values
  const out = baseSchema(def, mode === 'patch' ? 'input' : mode);
  if (def.nullable === true) {
    out['type'] = [out['type'], 'null'];
    if (Array.isArray(out['enum'])) out['enum'] = [...(out['enum'] as unknown[]), null];
  }
  if (def.description !== undefined) out['description'] = def.description;
  if (def.default !== undefined) out['default'] = structuredClone(def.default);
  return out;
}

function baseSchema(def: FieldDef, mode: SchemaMode): JsonObject {
  switch (def.type) {
    case 'array':
      return pick(def, { type: 'array', items: def.items ? fieldSchema(def.items, mode) : {} }, ['minItems', 'maxItems']);
    case 'object':
      return objectSchema(def.fields ?? {}, mode);
    case 'timestamp':
      return { type: 'string', format: 'date-time', 'x-aerodb-type': 'timestamp' };
    case 'reference':
      return {
        type: 'string',
        'x-aerodb-type': 'reference',
        'x-aerodb-reference': { collection: def.target_collection, field: def.target_field ?? '_id', on_delete: def.on_delete ?? 'restrict' },
      };
    case 'int':
      return pick(def, { type: 'integer' }, ['minimum', 'maximum', 'enum']);
    case 'float':
      return pick(def, { type: 'number' }, ['minimum', 'maximum', 'enum']);
    case 'string':
      return pick(def, { type: 'string' }, ['minLength', 'maxLength', 'pattern', 'enum']);
    case 'bool':
      return { type: 'boolean' };
    case 'reverse_reference':
      throw new Error('unreachable: reverse_reference fields are skipped');
  }
}

function pick(def: FieldDef, out: JsonObject, keys: ReadonlyArray<keyof FieldDef>): JsonObject {
  for (const key of keys) if (def[key] !== undefined) out[key] = structuredClone(def[key]);
  return out;
}
