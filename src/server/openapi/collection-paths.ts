// The OpenAPI paths of one collection: list, insert, get, upsert, patch, delete, query, explain.
import type { AppliedSchema } from '../../engine/types.js';
import { LIST_PARAMS } from '../http/rest-query.js';
import type { JsonObject } from './field-schema.js';
import { API_KEY_SECURITY, ERROR_RESPONSES, envelope, jsonContent, okResponse, paramRef } from './shared-components.js';

/** Component names are limited to [A-Za-z0-9._-]. */
export function componentName(collection: string, suffix: string): string {
  return `${collection.replace(/[^A-Za-z0-9._-]/g, '_')}${suffix}`;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

export function collectionPaths(schema: AppliedSchema): Record<string, JsonObject> {
  const c = schema.collection;
  const base = `/api/collections/${encodeURIComponent(c)}`;
  const op = componentName(c, '');
  const doc = ref(componentName(c, ''));
  const input = ref(componentName(c, '.Input'));
  const patch = ref(componentName(c, '.Patch'));
  const listMeta = ref('ListMeta');
  const writeMeta = ref('WriteMeta');
  const readMeta = ref('ReadMeta');
  const tags = [c];
  const operation = (id: string, summary: string, rest: JsonObject): JsonObject => ({
    operationId: `${id}.${op}`,
    summary,
    tags,
    security: API_KEY_SECURITY,
    ...rest,
    responses: { ...(rest['responses'] as JsonObject), ...ERROR_RESPONSES },
  });
  return {
    [base]: {
      get: operation('list', `List ${c} (filter, sort, keyset pages)`, {
        parameters: LIST_PARAMS.map(paramRef),
        responses: { '200': okResponse('One page of documents.', envelope({ type: 'array', items: doc }, listMeta)) },
      }),
      post: operation('insert', `Insert one document, or an array atomically (all or nothing)`, {
        requestBody: { required: true, content: jsonContent({ oneOf: [input, { type: 'array', items: input, minItems: 1 }] }) },
        responses: { '201': okResponse('The inserted document(s).', envelope({ oneOf: [doc, { type: 'array', items: doc }] }, writeMeta)) },
      }),
    },
    [`${base}/query`]: {
      post: operation('query', `Query ${c} with a query object`, {
        requestBody: { required: false, content: jsonContent(ref('Query')) },
        responses: { '200': okResponse('One page of documents.', envelope({ type: 'array', items: doc }, listMeta)) },
      }),
    },
    [`${base}/explain`]: {
      post: operation('explain', `Explain the plan of a query on ${c}`, {
        parameters: [paramRef('analyze')],
        requestBody: { required: false, content: jsonContent(ref('Query')) },
        responses: { '200': okResponse('The plan.', envelope(ref('Explain'), readMeta)) },
      }),
    },
    [`${base}/{id}`]: {
      parameters: [paramRef('id')],
      get: operation('get', `Get one ${c} document by _id`, {
        parameters: [paramRef('expand')],
        responses: { '200': okResponse('The document.', envelope(doc, readMeta)) },
      }),
      put: operation('upsert', `Insert or replace/merge the ${c} document with this _id`, {
        parameters: [paramRef('on_conflict')],
        requestBody: { required: true, content: jsonContent(input) },
        responses: {
          '200': okResponse('The existing document was replaced or merged.', envelope(doc, writeMeta)),
          '201': okResponse('The document was created.', envelope(doc, writeMeta)),
        },
      }),
      patch: operation('update', `Merge-patch the ${c} document with this _id`, {
        requestBody: { required: true, content: jsonContent(patch) },
        responses: { '200': okResponse('The updated document.', envelope(doc, writeMeta)) },
      }),
      delete: operation('delete', `Delete the ${c} document with this _id`, {
        responses: { '200': okResponse('The deleted _id.', envelope({ type: 'object', required: ['_id'], properties: { _id: { type: 'string' } } }, writeMeta)) },
      }),
    },
  };
}
