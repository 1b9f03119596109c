// The OpenAPI paths that do not depend on the schemas: health, this document, and the admin API.
import type { JsonObject } from './field-schema.js';
import { ADMIN_SECURITY, ERROR_RESPONSES, envelope, jsonContent, okResponse } from './shared-components.js';

const anyData = envelope({});
const integer = { type: 'integer', minimum: 0 };

function adminOp(id: string, summary: string, rest: JsonObject): JsonObject {
  return {
    operationId: `admin.${id}`,
    summary,
    tags: ['admin'],
    security: ADMIN_SECURITY,
    ...rest,
    responses: { ...(rest['responses'] as JsonObject), ...ERROR_RESPONSES },
  };
}

export function serverPaths(): Record<string, JsonObject> {
  return {
    '/api/health': {
      get: {
        operationId: 'health',
        summary: 'Liveness, version, LSN and uptime (no key needed)',
        tags: ['server'],
        security: [],
        responses: {
          '200': okResponse('The server is up.', envelope({
            type: 'object',
            required: ['status', 'version', 'lsn', 'uptime_s'],
            properties: { status: { const: 'ok' }, version: { type: 'string' }, lsn: integer, uptime_s: integer },
          })),
          ...ERROR_RESPONSES,
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document, generated from the applied schemas',
        tags: ['server'],
        security: [],
        responses: { '200': okResponse('An OpenAPI 3.1 document.', { type: 'object' }), ...ERROR_RESPONSES },
      },
    },
    '/admin/stats': {
      get: adminOp('stats', 'LSNs, WAL size and per-collection counts', {
        responses: { '200': okResponse('Database statistics.', anyData) },
      }),
    },
    '/admin/checkpoint': {
      post: adminOp('checkpoint', 'Write a checkpoint now', {
        responses: { '200': okResponse('The checkpoint LSN.', envelope({ type: 'object', required: ['lsn'], properties: { lsn: integer } }, { $ref: '#/components/schemas/WriteMeta' })) },
      }),
    },
    '/admin/explain': {
      post: adminOp('explain', 'Explain a query exactly as `aerodb explain` does (no REST limit default)', {
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'object',
            required: ['collection'],
            additionalProperties: false,
            properties: { collection: { type: 'string' }, query: { type: 'object' }, analyze: { type: 'boolean' } },
          }),
        },
        responses: { '200': okResponse('The plan.', envelope({ $ref: '#/components/schemas/Explain' }, { $ref: '#/components/schemas/ReadMeta' })) },
      }),
    },
    '/admin/oplog': {
      get: adminOp('oplog', 'The operation log as server-sent events: the newest `limit` matching entries, then live ones with follow=true (as `aerodb oplog tail`)', {
        parameters: [
          { name: 'follow', in: 'query', schema: { type: 'boolean' }, description: 'keep the stream open and send new entries as they are recorded' },
          { name: 'slow', in: 'query', schema: { type: 'boolean' }, description: 'only slow entries' },
          { name: 'collection', in: 'query', schema: { type: 'string' } },
          { name: 'operation', in: 'query', schema: { type: 'string', enum: ['find', 'get', 'insert', 'update', 'replace', 'upsert', 'delete', 'explain', 'migration', 'function', 'auth', 'webhook'] } },
          { name: 'since', in: 'query', schema: { type: 'string' }, description: 'a duration ago (10m, 2h) or an ISO time' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 20 } },
        ],
        responses: {
          '200': {
            description: 'Events `entry` (data: one entry as JSON, id: its sequence number), `ready` (backlog sent, following) and `end` (data: {"reason"}).',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      }),
    },
    '/admin/migrations': {
      get: adminOp('migrations.status', 'Migration status (as `aerodb migrate status`)', {
        responses: { '200': okResponse('Migration status.', anyData) },
      }),
    },
    '/admin/migrations/up': {
      post: adminOp('migrations.up', 'Apply pending migrations (through `version` when given)', {
        requestBody: { required: false, content: jsonContent({ type: 'object', additionalProperties: false, properties: { version: { type: 'string' } } }) },
        responses: { '200': okResponse('What was applied.', anyData) },
      }),
    },
    '/admin/migrations/down': {
      post: adminOp('migrations.down', 'Revert applied migrations above `version`, newest first', {
        requestBody: { required: true, content: jsonContent({ type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'string' } } }) },
        responses: { '200': okResponse('What was reverted.', anyData) },
      }),
    },
  };
}
