// The OpenAPI paths of functions: the invocation route and the admin routes the CLI uses.
import type { JsonObject } from './field-schema.js';
import { ADMIN_SECURITY, API_KEY_SECURITY, ERROR_RESPONSES, envelope, jsonContent, okResponse } from './shared-components.js';

const anyData = envelope({});
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' }, description: 'function name' };

function adminOp(id: string, summary: string, rest: JsonObject): JsonObject {
  return { operationId: `admin.functions.${id}`, summary, tags: ['admin'], security: ADMIN_SECURITY, ...rest, responses: { ...(rest['responses'] as JsonObject), ...ERROR_RESPONSES } };
}

export function functionPaths(): Record<string, JsonObject> {
  return {
    '/api/functions/{name}': {
      post: {
        operationId: 'functions.invoke',
        summary: "Invoke a deployed function with an http trigger; the body is its input, `data` is what handle returned (see docs/functions.md for the 4xx/5xx codes)",
        tags: ['server'],
        security: API_KEY_SECURITY,
        parameters: [nameParam],
        requestBody: { required: false, content: jsonContent({}) },
        responses: {
          '200': okResponse(
            "handle's result.",
            envelope({}, {
              type: 'object',
              required: ['function', 'version', 'invocation_id', 'duration_ms'],
              properties: { function: { type: 'string' }, version: { type: 'integer', minimum: 1 }, invocation_id: { type: 'string', pattern: '^inv_[0-9a-f]{16}$' }, duration_ms: { type: 'number' } },
            }),
          ),
          ...ERROR_RESPONSES,
        },
      },
    },
    '/admin/functions': { get: adminOp('list', 'Functions in functions/ and their deployed versions', { responses: { '200': okResponse('The list.', anyData) } }) },
    '/admin/functions/deploy': {
      post: adminOp('deploy', 'Build and deploy functions; new versions are swapped in atomically', {
        requestBody: { required: true, content: jsonContent({ type: 'object', additionalProperties: false, properties: { names: { type: 'array', items: { type: 'string' }, minItems: 1 }, all: { const: true } } }) },
        responses: { '200': okResponse('One outcome per function.', anyData) },
      }),
    },
    '/admin/functions/{name}/logs': {
      get: adminOp('logs', "A function's log entries, oldest first", {
        parameters: [nameParam, { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': okResponse('Log entries.', anyData) },
      }),
    },
    '/admin/functions/{name}/invoke': {
      post: adminOp('invoke', 'Invoke any deployed function as the service', {
        parameters: [nameParam],
        requestBody: { required: false, content: jsonContent({ type: 'object', additionalProperties: false, properties: { input: {} } }) },
        responses: { '200': okResponse('The invocation.', anyData) },
      }),
    },
    '/admin/functions/invocations/{id}/replay': {
      post: adminOp('replay', 'Run a recorded invocation again against the current state and compare its output', {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^inv_[0-9a-f]{16}$' } }],
        responses: { '200': okResponse('The replay report.', anyData) },
      }),
    },
  };
}
