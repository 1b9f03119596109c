// Builds the engine Query from REST input: the list route's query string or a query object body.
// REST defaults `limit` to 20 (the engine requires one) and reports that in `_meta`.
import { AeroError } from '../../engine/errors/aero-error.js';
import { isPlainObject } from '../../engine/schema/json-type.js';
import type { Filter, Query, SortSpec } from '../../engine/types.js';
import { jsonSyntaxError } from './json-syntax-error.js';

export const DEFAULT_LIMIT = 20;

export const LIST_PARAMS = ['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand', 'text_search'] as const;

export interface RestQuery {
  query: Query;
  limitDefaulted: boolean;
}

/** The query of `GET /api/collections/:c?filter=&sort=&limit=&cursor=&fields=&count=`. */
export function queryFromParams(params: ReadonlyMap<string, string>, maxLimit: number | undefined): RestQuery {
  for (const [name, value] of params) {
    if (value === '') throw invalid(`query parameter "${name}" is empty`, name, 'Give it a value or leave it out.');
  }
  rejectUnbuilt(params.has('expand') ? 'expand' : params.has('text_search') ? 'text_search' : null, 'query parameter');
  const query: Query = {};
  const filter = params.get('filter');
  if (filter !== undefined) query.filter = parseFilterParam(filter);
  const sort = params.get('sort');
  if (sort !== undefined) query.sort = parseSortText(sort, 'sort');
  const limit = params.get('limit');
  if (limit !== undefined) {
    if (!/^[0-9]+$/.test(limit)) throw invalid(`query parameter "limit" must be a positive integer, got "${limit}"`, 'limit', 'Use e.g. limit=20.');
    query.limit = Number(limit);
  }
  const cursor = params.get('cursor');
  if (cursor !== undefined) query.cursor = cursor;
  const fields = params.get('fields');
  if (fields !== undefined) query.fields = parseNameList(fields, 'fields');
  const count = params.get('count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw invalid(`query parameter "count" must be true or false, got "${count}"`, 'count', 'Use count=true.');
    query.count = count === 'true';
  }
  return withLimit(query, maxLimit);
}

/**
 * The query object body of `POST .../query` and `POST .../explain`. The engine validates the query
 * itself; REST only adds the default limit, unbuilt-feature errors and `sort` as `-a,b` text.
 */
export function queryFromBody(body: unknown, maxLimit: number | undefined): RestQuery {
  if (body === undefined) return withLimit({}, maxLimit);
  if (!isPlainObject(body)) throw invalid(`the query must be a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`, null, 'Send e.g. {"filter": {...}, "sort": [...], "limit": 20}.');
  rejectUnbuilt(body['expand'] !== undefined ? 'expand' : body['text_search'] !== undefined ? 'text_search' : null, 'query key');
  const query = { ...body } as Query;
  if (typeof body['sort'] === 'string') query.sort = parseSortText(body['sort'], '"sort"');
  return withLimit(query, maxLimit);
}

function withLimit(query: Query, maxLimit: number | undefined): RestQuery {
  const limitDefaulted = query.limit === undefined;
  const limit = query.limit ?? DEFAULT_LIMIT;
  // a non-number limit is left to the engine's query validation
  if (typeof limit === 'number' && maxLimit !== undefined && limit > maxLimit) {
    throw new AeroError('AERO_QUERY_LIMIT_EXCEEDED', `limit ${limit} is larger than max_limit ${maxLimit}`, {
      details: { field: 'limit', limit, max_limit: maxLimit },
    });
  }
  return { query: { ...query, limit }, limitDefaulted };
}

function parseFilterParam(text: string): Filter {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(text, 'query parameter "filter"', error);
  }
  if (!isPlainObject(value)) throw invalid('query parameter "filter" must be a JSON object', 'filter', 'Use e.g. filter={"status":"published"} (URL-encoded).');
  return value as Filter;
}

/** `-created_at,title` -> created_at desc, title asc. */
function parseSortText(text: string, source: string): SortSpec[] {
  return parseNameList(text, source).map((item) => {
    const desc = item.startsWith('-');
    const field = desc ? item.slice(1) : item;
    if (field === '' || field.startsWith('-') || field.startsWith('+')) throw invalid(`${source} entry "${item}" is not a field name`, 'sort', 'Use e.g. sort=-created_at,title (a leading - means descending).');
    return { field, order: desc ? 'desc' : 'asc' };
  });
}

function parseNameList(text: string, source: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw invalid(`${source} "${text}" has an empty entry`, source, 'Separate names with single commas, e.g. _id,title.');
  return items;
}

/** 501 for query features the engine does not have yet, naming the parameter or key. */
export function rejectUnbuilt(name: string | null, kind: string): void {
  if (name === null) return;
  const feature = name === 'expand' ? 'expand (declared references)' : 'text search';
  throw new AeroError('AERO_INTERNAL_NOT_IMPLEMENTED', `${kind} "${name}" is not supported yet: ${feature} is not built in this version`, {
    details: { param: name },
    hint: `Leave "${name}" out for now; ${feature} arrives in a later version (see CHANGELOG.md).`,
  });
}

function invalid(message: string, field: string | null, hint: string): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, { details: { field }, hint });
}
