// The OpenAPI paths and document schema of a named projection (SPEC §6): list and explain.
import type { AppliedSchema, ProjectionDef } from '../../engine/types.js';
import { PROJECTION_PARAMS } from '../http/rest-query.js';
import { collectionSchema, expandedProperty, type JsonObject } from './field-schema.js';
import { API_KEY_SECURITY, ERROR_RESPONSES, envelope, jsonContent, okResponse, paramRef } from './shared-components.js';

/** Collection names cannot hold dots, so this never collides with a collection's components. */
export function projectionComponentName(name: string): string {
  return `projections.${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

export function projectionPaths(schema: AppliedSchema, def: ProjectionDef): Record<string, JsonObject> {
  const base = `/api/projections/${encodeURIComponent(def.name)}`;
  const operation = (id: string, summary: string, rest: JsonObject): JsonObject => ({
    operationId: `${id}.${projectionComponentName(def.name)}`,
    summary,
    tags: [schema.collection],
    security: API_KEY_SECURITY,
    ...rest,
    responses: { ...(rest['responses'] as JsonObject), ...ERROR_RESPONSES },
  });
  return {
    [base]: {
      get: operation('list', `List projection ${def.name} of ${schema.collection} (its filter AND yours, only its fields)`, {
        parameters: PROJECTION_PARAMS.map(paramRef),
        responses: { '200': okResponse('One page of projected documents.', envelope({ type: 'array', items: ref(projectionComponentName(def.name)) }, ref('ListMeta'))) },
      }),
    },
    [`${base}/explain`]: {
      post: operation('explain', `Explain a query through projection ${def.name}`, {
        parameters: [paramRef('analyze')],
        requestBody: { required: false, content: jsonContent(ref('Query')) },
        responses: { '200': okResponse('The plan, with the projection filter merged in.', envelope(ref('Explain'), ref('ReadMeta'))) },
      }),
    },
  };
}

/** The stored-document schema cut down to the projection's fields (`_id` always; dotted paths nest). */
export function projectionSchema(schema: AppliedSchema, def: ProjectionDef): JsonObject {
  const document = collectionSchema(schema, 'document');
  const out = pickPaths(document, ['_id', ...def.fields]);
  Object.assign(out['properties'] as JsonObject, expandedProperty(schema, def.fields));
  out['description'] = `A document of projection "${def.name}" of "${schema.collection}" (schema_version ${schema.schema_version}).`;
  return out;
}

function pickPaths(objectSchema: JsonObject, paths: readonly string[]): JsonObject {
  const properties = (objectSchema['properties'] ?? {}) as Record<string, JsonObject>;
  const required = (objectSchema['required'] ?? []) as string[];
  // first segment -> the rest of each path under it ('' = the whole field)
  const byField = new Map<string, string[]>();
  for (const path of paths) {
    const dot = path.indexOf('.');
    const head = dot === -1 ? path : path.slice(0, dot);
    const rest = dot === -1 ? '' : path.slice(dot + 1);
    byField.set(head, [...(byField.get(head) ?? []), rest]);
  }
  const picked: JsonObject = {};
  for (const [field, rests] of byField) {
    const property = properties[field];
    if (property === undefined) continue;
    picked[field] = rests.includes('') || property['properties'] === undefined ? property : { ...pickPaths(property, rests), type: property['type'] };
  }
  return {
    type: 'object',
    properties: picked,
    required: required.filter((name) => name in picked),
    additionalProperties: false,
  };
}
