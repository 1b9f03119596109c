import type { CollectionSchema, FieldDef, SchemaOp } from '../types.js';
import { canonicalField, canonicalSchema } from './canonical-schema.js';
import { FIELD_OPTION_KEYS } from './schema-meta-schemas.js';

export type SchemaDiffKind =
  | 'field_added'
  | 'field_removed'
  | 'field_changed'
  | 'index_added'
  | 'index_removed'
  | 'index_changed'
  | 'rls_changed'
  | 'projection_added'
  | 'projection_removed'
  | 'projection_changed';

/** One difference between an applied schema and an edited one (drift reports). */
export interface SchemaDiff {
  collection: string;
  kind: SchemaDiffKind;
  /** dotted field path, index or projection name, or "rls" */
  target: string;
  before?: unknown;
  after?: unknown;
  /** for *_changed: each option whose value differs (absent = undefined) */
  changes: Array<{ key: string; before: unknown; after: unknown }>;
  /** one line for humans, e.g. `field "title" changed: maxLength 200 -> 300` */
  message: string;
}

interface Named {
  name: string;
}

/**
 * Field-by-field differences from `applied` to `edited` (fields recursively through object fields,
 * then indexes, rls, projections). Field order is not a difference. With arrays, schemas are paired
 * by collection name; collections present on one side only are not compared (the caller reports
 * them as added / missing).
 */
export function diffSchemas(applied: Readonly<CollectionSchema>, edited: Readonly<CollectionSchema>): SchemaDiff[];
export function diffSchemas(applied: readonly CollectionSchema[], edited: readonly CollectionSchema[]): SchemaDiff[];
export function diffSchemas(applied: Readonly<CollectionSchema> | readonly CollectionSchema[], edited: Readonly<CollectionSchema> | readonly CollectionSchema[]): SchemaDiff[] {
  if (Array.isArray(applied) && Array.isArray(edited)) {
    const editedByName = new Map(edited.map((schema) => [schema.collection, schema] as const));
    return [...applied]
      .sort(byCollection)
      .flatMap((schema) => {
        const other = editedByName.get(schema.collection);
        return other ? diffOne(schema, other) : [];
      });
  }
  return diffOne(applied as CollectionSchema, edited as CollectionSchema);
}

/**
 * The schema operations that turn `applied` into `edited` (a draft for review: a renamed field shows
 * as remove + add, which loses data). Order: drop changed/removed projections and indexes, add
 * fields, change fields, set rls, remove fields, add new/changed indexes and projections.
 * With arrays: `up` also creates collections that only `edited` has (first), and `down` is the
 * inverse draft (drops those last). Applied collections without an edited schema are left alone.
 */
export function draftOpsFromDiff(applied: Readonly<CollectionSchema>, edited: Readonly<CollectionSchema>): SchemaOp[];
export function draftOpsFromDiff(applied: readonly CollectionSchema[], edited: readonly CollectionSchema[]): { up: SchemaOp[]; down: SchemaOp[] };
export function draftOpsFromDiff(
  applied: Readonly<CollectionSchema> | readonly CollectionSchema[],
  edited: Readonly<CollectionSchema> | readonly CollectionSchema[],
): SchemaOp[] | { up: SchemaOp[]; down: SchemaOp[] } {
  if (!Array.isArray(applied) || !Array.isArray(edited)) return draftOne(applied as CollectionSchema, edited as CollectionSchema);
  const appliedByName = new Map(applied.map((schema) => [schema.collection, schema] as const));
  const creates: SchemaOp[] = [];
  const drops: SchemaOp[] = [];
  const up: SchemaOp[] = [];
  const down: SchemaOp[] = [];
  for (const schema of [...edited].sort(byCollection)) {
    const before = appliedByName.get(schema.collection);
    if (!before) {
      creates.push({ op: 'create_collection', schema: canonicalSchema(schema) });
      drops.push({ op: 'drop_collection', collection: schema.collection });
      continue;
    }
    up.push(...draftOne(before, schema));
    down.push(...draftOne(schema, before));
  }
  return { up: [...creates, ...up], down: [...down, ...drops] };
}

function byCollection(a: Readonly<CollectionSchema>, b: Readonly<CollectionSchema>): number {
  return a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : 0;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function changesOf(before: Record<string, unknown>, after: Record<string, unknown>, keys: readonly string[]): SchemaDiff['changes'] {
  return keys.filter((key) => !same(before[key], after[key])).map((key) => ({ key, before: before[key], after: after[key] }));
}

function describeChanges(changes: SchemaDiff['changes']): string {
  return changes.map((c) => `${c.key} ${show(c.before)} -> ${show(c.after)}`).join(', ');
}

function diffOne(appliedInput: Readonly<CollectionSchema>, editedInput: Readonly<CollectionSchema>): SchemaDiff[] {
  const applied = canonicalSchema(appliedInput);
  const edited = canonicalSchema(editedInput);
  const collection = applied.collection;
  const out: SchemaDiff[] = [];
  diffFields(collection, '', applied.fields, edited.fields, out);
  diffNamed(collection, 'index', applied.indexes ?? [], edited.indexes ?? [], ['name', 'type', 'fields', 'unique', 'config'], out);
  const rlsBefore = (applied.rls ?? {}) as Record<string, unknown>;
  const rlsAfter = (edited.rls ?? {}) as Record<string, unknown>;
  const rlsChanges = changesOf(rlsBefore, rlsAfter, ['read', 'create', 'update', 'delete', 'owner_field']);
  if (rlsChanges.length > 0) {
    out.push({ collection, kind: 'rls_changed', target: 'rls', before: rlsBefore, after: rlsAfter, changes: rlsChanges, message: `rls changed: ${describeChanges(rlsChanges)}` });
  }
  diffNamed(collection, 'projection', applied.projections ?? [], edited.projections ?? [], ['name', 'fields', 'filter'], out);
  return out;
}

function diffFields(collection: string, prefix: string, before: Record<string, FieldDef>, after: Record<string, FieldDef>, out: SchemaDiff[]): void {
  const names = [...Object.keys(before), ...Object.keys(after).filter((name) => !(name in before))];
  for (const name of names) {
    const path = prefix + name;
    const a = before[name];
    const b = after[name];
    if (a && !b) {
      out.push({ collection, kind: 'field_removed', target: path, before: a, changes: [], message: `field "${path}" removed (was ${a.type})` });
    } else if (!a && b) {
      out.push({ collection, kind: 'field_added', target: path, after: b, changes: [], message: `field "${path}" added (${b.type}${b.required ? ', required' : ''}${b.default !== undefined ? `, default ${JSON.stringify(b.default)}` : ''})` });
    } else if (a && b && !same(a, b)) {
      const nested = a.type === 'object' && b.type === 'object';
      const keys = nested ? FIELD_OPTION_KEYS.filter((key) => key !== 'fields') : FIELD_OPTION_KEYS;
      const changes = changesOf(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, keys);
      if (changes.length > 0) {
        out.push({ collection, kind: 'field_changed', target: path, before: a, after: b, changes, message: `field "${path}" changed: ${describeChanges(changes)}` });
      }
      if (nested) diffFields(collection, `${path}.`, a.fields ?? {}, b.fields ?? {}, out);
    }
  }
}

function diffNamed<T extends Named>(collection: string, what: 'index' | 'projection', before: readonly T[], after: readonly T[], keys: readonly string[], out: SchemaDiff[]): void {
  const afterByName = new Map(after.map((item) => [item.name, item] as const));
  const beforeByName = new Map(before.map((item) => [item.name, item] as const));
  for (const item of before) {
    const next = afterByName.get(item.name);
    if (!next) {
      out.push({ collection, kind: `${what}_removed`, target: item.name, before: item, changes: [], message: `${what} "${item.name}" removed` });
    } else if (!same(item, next)) {
      const changes = changesOf(item as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, keys);
      out.push({ collection, kind: `${what}_changed`, target: item.name, before: item, after: next, changes, message: `${what} "${item.name}" changed: ${describeChanges(changes)}` });
    }
  }
  for (const item of after) {
    if (!beforeByName.has(item.name)) {
      const fields = (item as unknown as { fields?: unknown }).fields;
      out.push({ collection, kind: `${what}_added`, target: item.name, after: item, changes: [], message: `${what} "${item.name}" added${Array.isArray(fields) ? ` (fields ${fields.join(', ')})` : ''}` });
    }
  }
}

function draftOne(appliedInput: Readonly<CollectionSchema>, editedInput: Readonly<CollectionSchema>): SchemaOp[] {
  const applied = canonicalSchema(appliedInput);
  const edited = canonicalSchema(editedInput);
  const collection = applied.collection;
  const ops: SchemaOp[] = [];
  const oldIndexes = new Map((applied.indexes ?? []).map((i) => [i.name, i] as const));
  const newIndexes = new Map((edited.indexes ?? []).map((i) => [i.name, i] as const));
  const oldProjections = new Map((applied.projections ?? []).map((p) => [p.name, p] as const));
  const newProjections = new Map((edited.projections ?? []).map((p) => [p.name, p] as const));

  for (const [name, projection] of oldProjections) {
    if (!same(projection, newProjections.get(name))) ops.push({ op: 'drop_projection', collection, name });
  }
  for (const [name, index] of oldIndexes) {
    if (!same(index, newIndexes.get(name))) ops.push({ op: 'drop_index', collection, name });
  }
  for (const [name, def] of Object.entries(edited.fields)) {
    if (!(name in applied.fields)) ops.push({ op: 'add_field', collection, field: { name, ...canonicalField(def) } });
  }
  for (const [name, def] of Object.entries(edited.fields)) {
    const old = applied.fields[name];
    if (old && !same(old, def)) ops.push({ op: 'change_field', collection, field: { name, ...canonicalField(def) } });
  }
  if (!same(applied.rls ?? {}, edited.rls ?? {})) ops.push({ op: 'set_rls', collection, rls: structuredClone(edited.rls ?? {}) });
  for (const name of Object.keys(applied.fields)) {
    if (!(name in edited.fields)) ops.push({ op: 'remove_field', collection, field: name });
  }
  for (const [name, index] of newIndexes) {
    if (!same(index, oldIndexes.get(name))) ops.push({ op: 'add_index', collection, index: structuredClone(index) });
  }
  for (const [name, projection] of newProjections) {
    if (!same(projection, oldProjections.get(name))) ops.push({ op: 'add_projection', collection, projection: structuredClone(projection) });
  }
  return ops;
}
