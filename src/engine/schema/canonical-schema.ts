import type { AppliedSchema, CollectionSchema, FieldDef, IndexDef, ProjectionDef, RlsDef } from '../types.js';
import { FIELD_OPTION_KEYS } from './schema-meta-schemas.js';

// One key order for everything schema-shaped, so equal schemas are equal bytes (files, WAL, diffs).
const INDEX_KEYS = ['name', 'type', 'fields', 'unique', 'config'] as const;
const INDEX_CONFIG_KEYS = ['language', 'weights', 'ranking'] as const;
const RLS_KEYS = ['read', 'create', 'update', 'delete', 'owner_field'] as const;
const PROJECTION_KEYS = ['name', 'fields', 'filter'] as const;

/**
 * A fresh copy of a schema in canonical form: keys in a fixed order, field names in declared order,
 * and indexes / rls / projections always present (empty when undeclared).
 */
export function canonicalSchema(schema: Readonly<CollectionSchema>): CollectionSchema {
  return {
    collection: schema.collection,
    fields: canonicalFields(schema.fields),
    indexes: (schema.indexes ?? []).map(canonicalIndex),
    rls: canonicalRls(schema.rls ?? {}),
    projections: (schema.projections ?? []).map(canonicalProjection),
  };
}

/** canonicalSchema with schema_version placed second (the applied form). */
export function canonicalAppliedSchema(schema: Readonly<CollectionSchema>, version: number): AppliedSchema {
  const { collection, ...rest } = canonicalSchema(schema);
  return { collection, schema_version: version, ...rest };
}

export function canonicalFields(fields: Readonly<Record<string, FieldDef>>): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, def] of Object.entries(fields)) out[name] = canonicalField(def);
  return out;
}

export function canonicalField(def: Readonly<FieldDef>): FieldDef {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_OPTION_KEYS) {
    const value = (def as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'items') out[key] = canonicalField(value as FieldDef);
    else if (key === 'fields') out[key] = canonicalFields(value as Record<string, FieldDef>);
    else out[key] = sortedKeysDeep(value);
  }
  return out as unknown as FieldDef;
}

export function canonicalIndex(index: Readonly<IndexDef>): IndexDef {
  const out = pick(index, INDEX_KEYS);
  if (index.config) {
    const config = pick(index.config, INDEX_CONFIG_KEYS);
    if (config['weights'] !== undefined) config['weights'] = sortedKeysDeep(config['weights']);
    out['config'] = config;
  }
  return out as unknown as IndexDef;
}

export function canonicalRls(rls: Readonly<RlsDef>): RlsDef {
  return pick(rls, RLS_KEYS) as RlsDef;
}

export function canonicalProjection(projection: Readonly<ProjectionDef>): ProjectionDef {
  const out = pick(projection, PROJECTION_KEYS);
  if (out['filter'] !== undefined) out['filter'] = sortedKeysDeep(out['filter']);
  return out as unknown as ProjectionDef;
}

/** Values inside a schema (defaults, enum members, filters, weights) carry no order: keys sorted, copied. */
function sortedKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeysDeep);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(source).sort().map((key) => [key, sortedKeysDeep(source[key])]));
  }
  return value;
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = structuredClone(value);
  }
  return out;
}
