// Validates a whole Query object (SPEC §5) against the collection schema before planning. Checks run
// in a fixed order (shape, limit, filter, sort, fields, count, expand shape, text_search, explain_score,
// cursor) so the same bad query always reports the same error.
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
  /** text_search, shape-checked (the index and terms are resolved when planning) */
  text: ParsedTextSearch | undefined;
  explainScore: boolean;
}

export interface ParsedTextSearch {
  query: string;
  index: string;
}

const QUERY_KEYS = new Set(['filter', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count', 'text_search', 'explain_score']);
/** Longest text_search query accepted, in characters. */
export const MAX_TEXT_QUERY_LENGTH = 1000;

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
  if (query.expand !== undefined && (!Array.isArray(query.expand) || query.expand.some((p) => typeof p !== 'string'))) {
    throw invalidQuery(`"expand" must be an array of field paths like ["author_id", "comments.author_id"], got ${jsonTypeOf(query.expand)}`, null, { key: 'expand' });
  }
  const text = parseTextSearch(query.text_search);
  if (query.explain_score !== undefined && typeof query.explain_score !== 'boolean') {
    throw invalidQuery(`"explain_score" must be true or false, got ${jsonTypeOf(query.explain_score)}`, null, { key: 'explain_score' });
  }
  if (query.explain_score === true && !text) {
    throw invalidQuery('"explain_score" needs "text_search": only text search results have a score', null, { key: 'explain_score' }, 'Add "text_search": {"query": "...", "index": "..."}, or drop explain_score.');
  }
  if (text && sort.length > 0) {
    throw invalidQuery(`text search results are ordered by _score (descending), then _id; "sort" cannot change that`, sort[0]!.field, { key: 'sort' }, 'Remove "sort" from a text_search query.');
  }
  if (text && conjunctions.length > 1) {
    throw invalidQuery('text_search combines with AND filters only, not $or', null, { key: 'filter' }, 'Run one text search per $or branch, or drop the $or.');
  }
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return { conjunctions, sort, limit, cursor, fields, count: query.count === true, text, explainScore: query.explain_score === true };
}

function parseTextSearch(value: unknown): ParsedTextSearch | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidQuery(`"text_search" must be an object {"query": "...", "index": "..."}, got ${jsonTypeOf(value)}`, null, { key: 'text_search' });
  }
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (key !== 'query' && key !== 'index') throw invalidQuery(`"text_search" has unknown key "${key}"`, null, { key: 'text_search' }, 'text_search takes "query" and "index" only.');
  }
  if (typeof entry.query !== 'string' || entry.query.trim() === '') {
    throw invalidQuery(`"text_search.query" must be a non-empty string, got ${JSON.stringify(entry.query) ?? jsonTypeOf(entry.query)}`, null, { key: 'text_search' });
  }
  if (entry.query.length > MAX_TEXT_QUERY_LENGTH) {
    throw invalidQuery(`"text_search.query" has ${entry.query.length} characters; at most ${MAX_TEXT_QUERY_LENGTH} are allowed`, null, { key: 'text_search' });
  }
  if (typeof entry.index !== 'string' || entry.index === '') {
    throw invalidQuery(`"text_search.index" must name a text index, got ${JSON.stringify(entry.index) ?? jsonTypeOf(entry.index)}`, null, { key: 'text_search' }, 'Name one of the collection\'s "type": "text" indexes.');
  }
  return { query: entry.query, index: entry.index };
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
