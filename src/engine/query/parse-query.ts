// Validates a whole Query object (SPEC §5) against the collection schema before planning. Checks run
// in a fixed order (shape, limit, filter, sort, fields, count, cursor) so the same bad query always
// reports the same error.
import { AeroError } from '../errors/aero-error.js';
import { resolveField } from '../schema/field-path.js';
import type { AppliedSchema, Query } from '../types.js';
import { decodeCursor } from './cursor.js';
import { isOrderableType } from './filter-values.js';
import { parseFilter } from './parse-filter.js';
import type { Predicate } from './predicate.js';
import { invalidQuery, jsonTypeOf, unknownField } from './query-errors.js';

export type SortDir = 'asc' | 'desc';
export interface SortKey {
  field: string;
  dir: SortDir;
}

export interface ParsedQuery {
  /** the filter in disjunctive normal form: one conjunction unless it uses $or */
  conjunctions: Predicate[][];
  sort: SortKey[];
  limit: number;
  /** decoded cursor values; their shape is checked against the plan's order later */
  cursor: unknown[] | undefined;
  fields: string[] | undefined;
  count: boolean;
}

const QUERY_KEYS = new Set(['filter', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count']);

export function parseQuery(schema: AppliedSchema, query: Query, maxLimit: number): ParsedQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw invalidQuery(`the query must be an object, got ${jsonTypeOf(query)}`, null);
  }
  for (const key of Object.keys(query)) {
    if (!QUERY_KEYS.has(key)) {
      throw invalidQuery(`the query has unknown key "${key}"`, null, { key }, `Use only ${[...QUERY_KEYS].join(', ')}.`);
    }
  }
  const limit = parseLimit(query.limit, maxLimit);
  const conjunctions = parseFilter(schema, query.filter);
  const sort = parseSort(schema, query.sort);
  const fields = parseFields(schema, query.fields);
  if (query.count !== undefined && typeof query.count !== 'boolean') {
    throw invalidQuery(`"count" must be true or false, got ${jsonTypeOf(query.count)}`, null, { key: 'count' });
  }
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return { conjunctions, sort, limit, cursor, fields, count: query.count === true };
}

function parseLimit(limit: unknown, maxLimit: number): number {
  if (limit === undefined) {
    throw new AeroError('AERO_QUERY_UNBOUNDED', `the query has no limit: every query must say how many documents it returns (at most ${maxLimit})`, {
      details: { field: 'limit', max_limit: maxLimit },
      hint: `Add "limit": 20 (at most ${maxLimit}) and page through results with the cursor.`,
    });
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw invalidQuery(`"limit" must be an integer from 1 to ${maxLimit}, got ${JSON.stringify(limit) ?? jsonTypeOf(limit)}`, 'limit', { max_limit: maxLimit });
  }
  if (limit > maxLimit) {
    throw new AeroError('AERO_QUERY_LIMIT_EXCEEDED', `limit ${limit} is above max_limit ${maxLimit}`, {
      details: { field: 'limit', limit, max_limit: maxLimit },
      hint: `Use a limit of at most ${maxLimit} and page with the cursor, or raise [query] max_limit.`,
    });
  }
  return limit;
}

function parseSort(schema: AppliedSchema, sort: unknown): SortKey[] {
  if (sort === undefined) return [];
  if (!Array.isArray(sort)) {
    throw invalidQuery(`"sort" must be an array like [{"field":"created_at","order":"desc"}], got ${jsonTypeOf(sort)}`, null, { key: 'sort' });
  }
  const out: SortKey[] = [];
  for (const [i, item] of sort.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalidQuery(`sort[${i}] must be an object {"field": ..., "order": "asc"|"desc"}`, null, { key: 'sort' });
    }
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (key !== 'field' && key !== 'order') throw invalidQuery(`sort[${i}] has unknown key "${key}"`, null, { key: 'sort' });
    }
    const field = entry.field;
    if (typeof field !== 'string') throw invalidQuery(`sort[${i}].field must be a field name`, null, { key: 'sort' });
    const order = entry.order ?? 'asc';
    if (order !== 'asc' && order !== 'desc') {
      throw invalidQuery(`sort on "${field}" has order ${JSON.stringify(order)}: use "asc" or "desc"`, field, { key: 'sort' });
    }
    const def = resolveField(schema, field);
    if (!def) throw unknownField(schema, field, 'sort');
    if (!isOrderableType(def)) throw invalidQuery(`cannot sort by "${field}": it is ${def.type}, not a scalar`, field, { key: 'sort' });
    if (out.some((s) => s.field === field)) throw invalidQuery(`sort names "${field}" twice`, field, { key: 'sort' });
    if (out.some((s) => s.field === '_id')) {
      throw invalidQuery(`sort field "${field}" comes after "_id", which is unique, so it can never matter`, field, { key: 'sort' },
        'Put "_id" last in the sort, or leave it out: ties are always broken by _id.');
    }
    out.push({ field, dir: order });
  }
  return out;
}

function parseFields(schema: AppliedSchema, fields: unknown): string[] | undefined {
  if (fields === undefined) return undefined;
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) {
    throw invalidQuery(`"fields" must be an array of field names`, null, { key: 'fields' });
  }
  const out: string[] = [];
  for (const field of fields as string[]) {
    const def = resolveField(schema, field);
    if (!def) throw unknownField(schema, field, 'fields');
    if (def.type === 'reverse_reference') {
      throw invalidQuery(`"fields" names "${field}", a reverse_reference: it is not stored (use expand)`, field, { key: 'fields' });
    }
    if (!out.includes(field)) out.push(field);
  }
  return out;
}
