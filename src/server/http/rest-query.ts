// Builds the engine Query from REST input: a list route's query string or a query object body.
// REST defaults `limit` to 20 (the engine requires one) and reports that in `_meta`. Expand paths,
// text_search and explain_score are passed through: the engine checks them and names bad ones.
import { AeroError } from '../../engine/errors/aero-error.js';
import { isPlainObject } from '../../engine/schema/json-type.js';
import type { Filter, Query, SortSpec, TextSearch } from '../../engine/types.js';
import { jsonSyntaxError } from './json-syntax-error.js';

export const DEFAULT_LIMIT = 20;

export const LIST_PARAMS = ['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand', 'text_search', 'explain_score'] as const;
/** A named projection's list route: no text search (the engine rejects it through projections). */
export const PROJECTION_PARAMS = ['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand'] as const;

export interface RestQuery {
  query: Query;
  limitDefaulted: boolean;
}

/**
 * The query of `GET /api/collections/:c?filter=&sort=&limit=&cursor=&fields=&count=&expand=&text_search=&explain_score=`
 * (and of `GET /api/projections/:name`, whose route accepts fewer parameters).
 */
export function queryFromParams(params: ReadonlyMap<string, string>, maxLimit: number | undefined): RestQuery {
  for (const [name, value] of params) {
    if (value === '') throw invalid(`query parameter "${name}" is empty`, name, 'Give it a value or leave it out.');
  }
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
  const count = booleanParam(params, 'count');
  if (count !== undefined) query.count = count;
  const expand = expandFromParams(params);
  if (expand !== undefined) query.expand = expand;
  const textSearch = params.get('text_search');
  if (textSearch !== undefined) query.text_search = parseJsonObjectParam(textSearch, 'text_search', 'text_search={"query":"rust database","index":"content_search"}') as unknown as TextSearch;
  const explainScore = booleanParam(params, 'explain_score');
  if (explainScore !== undefined) query.explain_score = explainScore;
  return withLimit(query, maxLimit);
}

/** `expand=author_id,comments.author_id` -> the paths (the engine checks each one). */
export function expandFromParams(params: ReadonlyMap<string, string>): string[] | undefined {
  const expand = params.get('expand');
  if (expand === undefined) return undefined;
  if (expand === '') throw invalid('query parameter "expand" is empty', 'expand', 'Give it a value or leave it out.');
  return parseNameList(expand, 'expand');
}

/**
 * The query object body of `POST .../query` and `POST .../explain`. The engine validates the query
 * itself; REST only adds the default limit and `sort` as `-a,b` text.
 */
export function queryFromBody(body: unknown, maxLimit: number | undefined): RestQuery {
  if (body === undefined) return withLimit({}, maxLimit);
  if (!isPlainObject(body)) throw invalid(`the query must be a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`, null, 'Send e.g. {"filter": {...}, "sort": [...], "limit": 20}.');
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
  return parseJsonObjectParam(text, 'filter', 'filter={"status":"published"}') as Filter;
}

function parseJsonObjectParam(text: string, name: string, example: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(text, `query parameter "${name}"`, error);
  }
  if (!isPlainObject(value)) throw invalid(`query parameter "${name}" must be a JSON object`, name, `Use e.g. ${example} (URL-encoded).`);
  return value;
}

/** `name=true|false`; undefined when absent. */
export function booleanParam(params: ReadonlyMap<string, string>, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalid(`query parameter "${name}" must be true or false, got "${value}"`, name, `Use ${name}=true.`);
  return value === 'true';
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

function invalid(message: string, field: string | null, hint: string): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, { details: { field }, hint });
}
