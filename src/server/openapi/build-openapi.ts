// The OpenAPI 3.1 document of a running server: every route, with per-collection (and per named
// projection) component schemas generated from the applied field definitions.
import type { AppliedSchema } from '../../engine/types.js';
import { apiVersion } from './api-version.js';
import { collectionPaths, componentName } from './collection-paths.js';
import { collectionSchema, type JsonObject } from './field-schema.js';
import { projectionComponentName, projectionPaths, projectionSchema } from './projection-paths.js';
import { functionPaths } from './function-paths.js';
import { serverPaths } from './server-paths.js';
import { sharedComponents } from './shared-components.js';

export function buildOpenApi(schemas: readonly AppliedSchema[], packageVersion: string): JsonObject {
  const components = sharedComponents();
  const componentSchemas = components['schemas'] as JsonObject;
  const paths: JsonObject = {};
  const schemaVersions: Record<string, number> = {};
  for (const schema of schemas) {
    componentSchemas[componentName(schema.collection, '')] = collectionSchema(schema, 'document');
    componentSchemas[componentName(schema.collection, '.Input')] = collectionSchema(schema, 'input');
    componentSchemas[componentName(schema.collection, '.Patch')] = collectionSchema(schema, 'patch');
    Object.assign(paths, collectionPaths(schema));
    for (const def of schema.projections ?? []) {
      componentSchemas[projectionComponentName(def.name)] = projectionSchema(schema, def);
      Object.assign(paths, projectionPaths(schema, def));
    }
    schemaVersions[schema.collection] = schema.schema_version;
  }
  Object.assign(paths, serverPaths());
  Object.assign(paths, functionPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'AeroDB REST API',
      version: apiVersion(packageVersion, schemas),
      description: 'Generated from the applied schemas. Every success is `{"data", "_meta"}`; every error is `{"error": {code, message, status, details, hint}}`.',
      'x-aerodb-schema-versions': schemaVersions,
    },
    tags: [...schemas.map((s) => ({ name: s.collection })), { name: 'server' }, { name: 'admin' }],
    paths,
    components,
  };
}
