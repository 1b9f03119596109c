// Components every AeroDB OpenAPI document has: the error envelope, _meta shapes, the query
// object, explain, query-string parameters and the security schemes (api key, user JWT, admin token).
import { ERROR_REGISTRY } from '../../engine/errors/registry.js';
import type { JsonObject } from './field-schema.js';

export const ERROR_RESPONSES: JsonObject = {
  '4XX': { $ref: '#/components/responses/Error' },
  '5XX': { $ref: '#/components/responses/Error' },
};

/** A key alone (service, or anon as the anonymous caller), or the anon key with a user's JWT. */
export const API_KEY_SECURITY = [{ apiKey: [] }, { apiKey: [], bearerJwt: [] }];
export const ADMIN_SECURITY = [{ apiKey: [] }, { adminToken: [] }];

/** `{"data": <data>, "_meta": <meta>}` */
export function envelope(data: JsonObject, meta?: JsonObject): JsonObject {
  const properties: JsonObject = { data };
  if (meta) properties['_meta'] = meta;
  return { type: 'object', required: ['data'], properties };
}

export function jsonContent(schema: JsonObject): JsonObject {
  return { 'application/json': { schema } };
}

export function okResponse(description: string, schema: JsonObject): JsonObject {
  return { description, content: jsonContent(schema) };
}

const integer = { type: 'integer', minimum: 0 };
const COUNTS_BY_COLLECTION = { type: 'object', additionalProperties: integer };
/** The exact cost of a read (SPEC §6, §12). */
const COST_PROPERTIES = {
  queries_executed: { ...integer, description: '1 for the main lookup + 1 per expand path node that had something to look up.' },
  documents_fetched: { ...integer, description: 'Documents returned by the main lookup + documents read by expand.' },
  expanded_hidden: { ...integer, description: 'Only with expand: expanded documents hidden from the caller.' },
};

export function sharedComponents(): JsonObject {
  return {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'apikey', description: 'A key from `aerodb keys`. The service key has full access (no row-level security); the anon key is the anonymous caller, subject to each collection\'s rls policies (403 AERO_RLS_DENIED where they refuse).' },
      bearerJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'With the anon key: a HS256 JWT signed with the project\'s jwt_secret (claims iss "aerodb", sub, role, iat, exp) makes the request act as user `sub` for the "authenticated" and "owner" policies. `aerodb token --sub ID` makes one in development. Invalid, expired or wrongly signed: 401 AERO_AUTH_INVALID_TOKEN.' },
      adminToken: { type: 'http', scheme: 'bearer', description: 'The local admin token from .aerodb/server.json (admin routes only).' },
    },
    responses: {
      Error: {
        description: 'An error envelope; `error.code` is one of the AERO_* codes (docs/errors.md).',
        content: jsonContent({ $ref: '#/components/schemas/ErrorEnvelope' }),
      },
    },
    parameters: {
      filter: queryParam('filter', 'The filter as JSON (SPEC §5 operators: $eq $ne $gt $gte $lt $lte $in $exists $and $or).', { type: 'string' }),
      sort: queryParam('sort', 'Comma list of fields; a leading - sorts descending (`-created_at,title`). _id is always the final tie-break.', { type: 'string' }),
      limit: queryParam('limit', 'Page size (default 20, at most max_limit).', { type: 'integer', minimum: 1 }),
      cursor: queryParam('cursor', 'Opaque cursor from `_meta.next_cursor`.', { type: 'string' }),
      fields: queryParam('fields', 'Comma list of fields to return (`_id,title`).', { type: 'string' }),
      count: queryParam('count', 'true to return the exact total in `_meta.count`.', { type: 'boolean' }),
      expand: queryParam('expand', 'Comma list of reference / reverse_reference paths to put in `_expanded` (`author_id,comments.author_id`), at most expand_max_depth segments each. Unknown or undeclared paths are a 400 naming them.', { type: 'string' }),
      text_search: queryParam('text_search', 'A BM25 text search as JSON: `{"query":"rust database","index":"content_search"}` (a text index of the collection). Results carry `_score` and come in score order; combinable with AND filters, not with sort.', { type: 'string' }),
      explain_score: queryParam('explain_score', 'With text_search: true adds `_score_explain` (per-term tf, idf and field contributions) to each result.', { type: 'boolean' }),
      on_conflict: queryParam('on_conflict', 'What PUT does when the document exists: replace (default), merge or error (409).', { type: 'string', enum: ['replace', 'merge', 'error'], default: 'replace' }),
      analyze: queryParam('analyze', 'true to run the query and add `analyze` counts and timing.', { type: 'boolean' }),
      id: { name: 'id', in: 'path', required: true, description: 'The document _id.', schema: { type: 'string' } },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['code', 'message', 'status', 'details', 'hint'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_REGISTRY) },
          message: { type: 'string', description: 'What went wrong, naming the culprit.' },
          status: { type: 'integer' },
          details: { type: 'object' },
          hint: { type: 'string', description: 'How to fix it.' },
        },
      },
      ErrorEnvelope: { type: 'object', required: ['error'], properties: { error: { $ref: '#/components/schemas/Error' } } },
      ListMeta: {
        type: 'object',
        required: ['limit', 'next_cursor', 'scan', 'index', 'queries_executed', 'documents_fetched', 'lsn'],
        properties: {
          limit: integer,
          limit_defaulted: { type: 'boolean', description: 'Present (true) when the request gave no limit and the default of 20 applied.' },
          next_cursor: { type: ['string', 'null'] },
          count: integer,
          scan: { type: ['string', 'null'], enum: ['PK_LOOKUP', 'INDEX_EQ', 'INDEX_RANGE', 'INDEX_ORDER', 'OR_UNION', 'TEXT', null] },
          index: { type: ['string', 'null'] },
          ...COST_PROPERTIES,
          lsn: integer,
        },
      },
      WriteMeta: {
        type: 'object',
        required: ['lsn'],
        properties: {
          lsn: integer,
          inserted: integer,
          created: { type: 'boolean' },
          on_conflict: { type: 'string' },
          cascaded: { ...COUNTS_BY_COLLECTION, description: 'DELETE: documents deleted by on_delete "cascade", by collection (the requested one not counted).' },
          set_null: { ...COUNTS_BY_COLLECTION, description: 'DELETE: documents whose reference on_delete "set_null" cleared, by collection.' },
        },
      },
      ReadMeta: {
        type: 'object',
        required: ['lsn'],
        properties: { ...COST_PROPERTIES, lsn: integer, limit_defaulted: { type: 'boolean' } },
      },
      Query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          filter: { type: 'object' },
          sort: {
            oneOf: [
              { type: 'string', description: '`-created_at,title`' },
              { type: 'array', items: { type: 'object', required: ['field', 'order'], additionalProperties: false, properties: { field: { type: 'string' }, order: { enum: ['asc', 'desc'] } } } },
            ],
          },
          limit: { type: 'integer', minimum: 1 },
          cursor: { type: 'string' },
          fields: { type: 'array', items: { type: 'string' } },
          count: { type: 'boolean' },
          expand: { type: 'array', items: { type: 'string' }, description: 'Reference / reverse_reference paths (`comments.author_id`).' },
          text_search: {
            type: 'object',
            required: ['query', 'index'],
            additionalProperties: false,
            properties: { query: { type: 'string', minLength: 1 }, index: { type: 'string', description: 'A text index of the collection.' } },
          },
          explain_score: { type: 'boolean', description: 'With text_search: add `_score_explain` to each result.' },
        },
      },
      Explain: {
        type: 'object',
        description: 'The deterministic plan (SPEC §5); keys always in this order.',
        required: ['accepted', 'collection', 'schema_version', 'planner_version'],
        properties: {
          accepted: { type: 'boolean' },
          collection: { type: 'string' },
          projection: { type: 'string', description: 'The named projection the query ran through.' },
          schema_version: integer,
          planner_version: integer,
          scan: { type: 'string' },
          index: { type: 'string' },
          index_fields: { type: 'array', items: { type: 'string' } },
          text: { type: 'object', description: 'scan TEXT only: the query, its analysed terms, language and BM25 parameters.' },
          bounds: { type: 'object' },
          residual: { type: 'array', items: { type: 'object' } },
          sort: { type: 'object' },
          limit: integer,
          rls: { type: 'object' },
          branches: { type: 'array', items: { $ref: '#/components/schemas/Explain' } },
          rejected_alternatives: { type: 'array', items: { type: 'object' } },
          rejection: { type: 'object' },
          analyze: { type: 'object' },
        },
      },
    },
  };
}

function queryParam(name: string, description: string, schema: JsonObject): JsonObject {
  return { name, in: 'query', required: false, description, schema };
}

export function paramRef(name: string): JsonObject {
  return { $ref: `#/components/parameters/${name}` };
}
