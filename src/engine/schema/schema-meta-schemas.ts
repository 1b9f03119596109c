// Structural (ajv) shapes of a §3 collection schema and of the §7 schema operations. Semantics that
// need context (types vs options, declared fields, references) are checked by the *-rules.ts files.

export const FIELD_TYPES = ['string', 'int', 'float', 'bool', 'timestamp', 'array', 'object', 'reference', 'reverse_reference'] as const;
export const RLS_POLICIES = ['public', 'authenticated', 'owner', 'service'] as const;
export const ON_DELETE_ACTIONS = ['restrict', 'cascade', 'set_null'] as const;
/** A reverse_reference expands at most this many documents (the default [query] max_limit). */
export const REVERSE_REFERENCE_MAX_LIMIT = 1000;

const FIELD_REF = { $ref: 'aero:field' };
const FIELD_MAP = { type: 'object', additionalProperties: FIELD_REF };
const COUNT = { type: 'integer', minimum: 0 };
const NAME = { type: 'string' };

const FIELD_PROPERTIES = {
  type: { enum: [...FIELD_TYPES] },
  required: { type: 'boolean' },
  nullable: { type: 'boolean' },
  default: {},
  description: { type: 'string' },
  enum: { type: 'array', minItems: 1 },
  minLength: COUNT,
  maxLength: COUNT,
  pattern: { type: 'string' },
  minimum: { type: 'number' },
  maximum: { type: 'number' },
  items: FIELD_REF,
  minItems: COUNT,
  maxItems: COUNT,
  fields: FIELD_MAP,
  target_collection: NAME,
  target_field: NAME,
  on_delete: { enum: [...ON_DELETE_ACTIONS] },
  source_collection: NAME,
  source_field: NAME,
  limit: { type: 'integer', minimum: 1, maximum: REVERSE_REFERENCE_MAX_LIMIT },
};

/** Every option key a field definition may carry (whether it fits the type is a semantic check). */
export const FIELD_OPTION_KEYS = Object.keys(FIELD_PROPERTIES);

export const FIELD_DEF_SCHEMA = {
  $id: 'aero:field',
  type: 'object',
  properties: FIELD_PROPERTIES,
  required: ['type'],
  additionalProperties: false,
};

const NAMED_FIELD_DEF = {
  type: 'object',
  properties: { name: NAME, ...FIELD_PROPERTIES },
  required: ['name', 'type'],
  additionalProperties: false,
};

const INDEX_DEF = {
  type: 'object',
  properties: {
    name: NAME,
    type: { enum: ['btree', 'text'] },
    fields: { type: 'array', minItems: 1, items: NAME },
    unique: { type: 'boolean' },
    config: {
      type: 'object',
      properties: {
        language: { enum: ['english', 'simple'] },
        weights: { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0 } },
        ranking: { enum: ['bm25'] },
      },
      additionalProperties: false,
    },
  },
  required: ['name', 'fields'],
  additionalProperties: false,
};

const RLS_POLICY = { enum: [...RLS_POLICIES] };
const RLS_DEF = {
  type: 'object',
  properties: { read: RLS_POLICY, create: RLS_POLICY, update: RLS_POLICY, delete: RLS_POLICY, owner_field: NAME },
  additionalProperties: false,
};

const PROJECTION_DEF = {
  type: 'object',
  properties: {
    name: NAME,
    fields: { type: 'array', minItems: 1, items: NAME },
    filter: { type: 'object' },
  },
  required: ['name', 'fields'],
  additionalProperties: false,
};

export const COLLECTION_SCHEMA_SCHEMA = {
  $id: 'aero:collection',
  type: 'object',
  properties: {
    collection: NAME,
    // only present in schemas/<collection>.json files; rejected elsewhere by a semantic check
    schema_version: { type: 'integer', minimum: 1 },
    fields: FIELD_MAP,
    indexes: { type: 'array', items: INDEX_DEF },
    rls: RLS_DEF,
    projections: { type: 'array', items: PROJECTION_DEF },
  },
  required: ['collection', 'fields'],
  additionalProperties: false,
};

function opShape(op: string, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: { op: { const: op }, ...properties },
    required: ['op', ...Object.keys(properties)],
    additionalProperties: false,
  };
}

export const SCHEMA_OP_NAMES = [
  'create_collection',
  'drop_collection',
  'rename_collection',
  'add_field',
  'remove_field',
  'rename_field',
  'change_field',
  'add_index',
  'drop_index',
  'set_rls',
  'add_projection',
  'drop_projection',
] as const;

export const SCHEMA_OP_SCHEMA = {
  $id: 'aero:op',
  type: 'object',
  required: ['op'],
  discriminator: { propertyName: 'op' },
  oneOf: [
    opShape('create_collection', { schema: { $ref: 'aero:collection' } }),
    opShape('drop_collection', { collection: NAME }),
    opShape('rename_collection', { from: NAME, to: NAME }),
    opShape('add_field', { collection: NAME, field: NAMED_FIELD_DEF }),
    opShape('remove_field', { collection: NAME, field: NAME }),
    opShape('rename_field', { collection: NAME, from: NAME, to: NAME }),
    opShape('change_field', { collection: NAME, field: NAMED_FIELD_DEF }),
    opShape('add_index', { collection: NAME, index: INDEX_DEF }),
    opShape('drop_index', { collection: NAME, name: NAME }),
    opShape('set_rls', { collection: NAME, rls: RLS_DEF }),
    opShape('add_projection', { collection: NAME, projection: PROJECTION_DEF }),
    opShape('drop_projection', { collection: NAME, name: NAME }),
  ],
};
