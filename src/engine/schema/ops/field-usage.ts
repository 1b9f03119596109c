import type { CollectionSchema, Filter } from '../../types.js';
import { isPlainObject } from '../json-type.js';

/** Whether a dotted path is the field itself or inside it ("meta" covers "meta.lang"). */
function pathUses(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`);
}

function renamePath(path: string, from: string, to: string): string {
  return pathUses(path, from) ? to + path.slice(from.length) : path;
}

/**
 * Everything that depends on a top-level field of `collection`: its indexes, projections (fields
 * and filters), rls owner_field, and reverse_references (in any collection) whose source it is.
 */
export function fieldUsers(collection: string, field: string, schemas: ReadonlyMap<string, CollectionSchema>): string[] {
  const users: string[] = [];
  const schema = schemas.get(collection);
  if (!schema) return users;
  for (const index of schema.indexes ?? []) {
    if (index.fields.some((path) => pathUses(path, field))) users.push(`index "${index.name}"`);
  }
  for (const projection of schema.projections ?? []) {
    const inFields = projection.fields.some((path) => pathUses(path, field));
    const inFilter = projection.filter !== undefined && filterPaths(projection.filter).some((path) => pathUses(path, field));
    if (inFields || inFilter) users.push(`projection "${projection.name}"`);
  }
  if (schema.rls?.owner_field === field) users.push('rls owner_field');
  for (const [name, other] of [...schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [fieldName, def] of Object.entries(other.fields)) {
      if (def.type === 'reverse_reference' && def.source_collection === collection && def.source_field === field) {
        users.push(`reverse_reference ${name}.${fieldName}`);
      }
    }
  }
  return users;
}

/** Every field path a filter mentions (through $and / $or). */
function filterPaths(filter: Filter): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or') && Array.isArray(value)) {
      for (const branch of value) if (isPlainObject(branch)) paths.push(...filterPaths(branch));
    } else if (!key.startsWith('$')) paths.push(key);
  }
  return paths;
}

function renameFilter(filter: Filter, from: string, to: string): Filter {
  const out: Filter = {};
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or') && Array.isArray(value)) {
      out[key] = value.map((branch) => (isPlainObject(branch) ? renameFilter(branch, from, to) : branch));
    } else out[key.startsWith('$') ? key : renamePath(key, from, to)] = value;
  }
  return out;
}

/**
 * The schema with a top-level field renamed everywhere it is used: the field (keeping its position),
 * index fields and text weights, projection fields and filters, rls owner_field, and the schema's
 * own reverse_references whose source is this field. Returns a new schema.
 */
export function renameFieldInSchema(schema: CollectionSchema, from: string, to: string): CollectionSchema {
  const fields: CollectionSchema['fields'] = {};
  for (const [name, def] of Object.entries(schema.fields)) {
    const renamedDef =
      def.type === 'reverse_reference' && def.source_collection === schema.collection && def.source_field === from ? { ...def, source_field: to } : def;
    fields[name === from ? to : name] = renamedDef;
  }
  const indexes = (schema.indexes ?? []).map((index) => {
    const next = { ...index, fields: index.fields.map((path) => renamePath(path, from, to)) };
    if (index.config?.weights) {
      const weights: Record<string, number> = {};
      for (const [path, weight] of Object.entries(index.config.weights)) weights[renamePath(path, from, to)] = weight;
      next.config = { ...index.config, weights };
    }
    return next;
  });
  const projections = (schema.projections ?? []).map((projection) => {
    const next = { ...projection, fields: projection.fields.map((path) => renamePath(path, from, to)) };
    if (projection.filter !== undefined) next.filter = renameFilter(projection.filter, from, to);
    return next;
  });
  const rls = { ...(schema.rls ?? {}) };
  if (rls.owner_field === from) rls.owner_field = to;
  return { ...schema, fields, indexes, rls, projections };
}
