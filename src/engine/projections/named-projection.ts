// Named projections (SPEC §3, §6): a stored view of one collection, declared in its schema. A query
// through a projection is the caller's query restricted to the projection: the projection filter AND
// the caller filter (merged before planning, so explain shows both in bounds/residual, on the source's
// indexes), and only the projection's fields may be filtered, sorted, returned or expanded.
import { AeroError } from '../errors/aero-error.js';
import { invalidQuery } from '../query/query-errors.js';
import type { AppliedSchema, Filter, ProjectionDef, Query } from '../types.js';

export interface ResolvedProjection {
  collection: string;
  def: ProjectionDef;
}

/** Finds a projection by name (names are unique across collections). */
export function resolveProjection(schemas: readonly AppliedSchema[], name: string): ResolvedProjection {
  for (const schema of schemas) {
    const def = schema.projections?.find((p) => p.name === name);
    if (def) return { collection: schema.collection, def };
  }
  const known = schemas.flatMap((s) => (s.projections ?? []).map((p) => p.name)).sort();
  throw new AeroError('AERO_SCHEMA_UNKNOWN_PROJECTION', `projection "${String(name)}" does not exist`, {
    details: { projection: name, known },
    hint: known.length > 0 ? `Known projections: ${known.join(', ')}.` : 'Declare one with an add_projection migration.',
  });
}

export interface ProjectionQuery {
  /** the query to run on the source collection */
  query: Query;
  /** reference fields of the projection that expand may start from */
  expandRoots: Set<string>;
}

/** The caller's query, checked against the projection and merged with its filter. */
export function projectionQuery(projection: ResolvedProjection, schema: AppliedSchema, query: Query): ProjectionQuery {
  const { def } = projection;
  const declared = new Set(def.fields);
  // a dotted path is covered when the projection includes it or one of its ancestors
  const allowed = (field: string): boolean => field === '_id' || field.split('.').some((_, i, parts) => declared.has(parts.slice(0, i + 1).join('.')));
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalidQuery('the query must be an object', null);
  if (query.text_search !== undefined) {
    throw invalidQuery(`text_search is not available through projection "${def.name}"`, null, { key: 'text_search', projection: def.name },
      `Search the source collection "${projection.collection}" instead.`);
  }
  if (query.filter !== undefined) for (const field of filterFields(query.filter)) requireDeclared(def, field, 'filter', allowed);
  if (Array.isArray(query.sort)) for (const entry of query.sort) if (entry && typeof entry.field === 'string') requireDeclared(def, entry.field, 'sort', allowed);
  if (Array.isArray(query.fields)) for (const field of query.fields) if (typeof field === 'string') requireDeclared(def, field, 'fields', allowed);
  const merged: Query = { ...query, fields: query.fields ?? [...def.fields] };
  const filter = mergeFilters(def.filter, query.filter);
  if (filter === undefined) delete merged.filter;
  else merged.filter = filter;
  const expandRoots = new Set(def.fields.filter((field) => schema.fields[field]?.type === 'reference'));
  return { query: merged, expandRoots };
}

function mergeFilters(projectionFilter: Filter | undefined, callerFilter: Filter | undefined): Filter | undefined {
  if (projectionFilter === undefined) return callerFilter;
  if (callerFilter === undefined) return projectionFilter;
  return { $and: [projectionFilter, callerFilter] };
}

/** Field names a filter mentions (operators and nesting walked; malformed parts left to the parser). */
function filterFields(filter: unknown): string[] {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (Array.isArray(value)) for (const sub of value) out.push(...filterFields(sub));
    } else if (!key.startsWith('$')) out.push(key);
  }
  return out;
}

function requireDeclared(def: ProjectionDef, field: string, where: string, allowed: (field: string) => boolean): void {
  if (allowed(field)) return;
  throw invalidQuery(`${where} names "${field}", which projection "${def.name}" does not include`, field, { key: where, projection: def.name, fields: [...def.fields] },
    `Use only the projection's fields: ${def.fields.join(', ')}.`);
}
