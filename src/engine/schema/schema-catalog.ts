import type { AppliedSchema, CollectionSchema } from '../types.js';
import { CompiledSchema } from './compiled-schema.js';
import { documentJsonSchema, type JsonSchema } from './document-json-schema.js';
import { SchemaValidators } from './schema-validators.js';

interface CacheEntry {
  version: number;
  /** the applied schema's JSON: a re-created collection may reuse a (collection, version) pair */
  fingerprint: string;
  jsonSchema: JsonSchema;
  compiled: CompiledSchema;
}

/**
 * Compiled document validators, one per (collection, schema_version), compiled once and reused;
 * compiling a newer version of a collection replaces the older one. Owned by one Database (no
 * module-level state); also holds the structural validators for schemas and schema operations.
 */
export class SchemaCatalog {
  readonly validators = new SchemaValidators();
  private readonly byCollection = new Map<string, CacheEntry>();
  private readonly byObject = new WeakMap<object, CompiledSchema>();

  /** The compiled validator of an applied schema. */
  compiled(schema: AppliedSchema): CompiledSchema {
    const hit = this.byObject.get(schema);
    if (hit) return hit;
    const fingerprint = JSON.stringify(schema);
    const entry = this.byCollection.get(schema.collection);
    if (entry && entry.version === schema.schema_version && entry.fingerprint === fingerprint) {
      this.byObject.set(schema, entry.compiled);
      return entry.compiled;
    }
    this.evict(schema.collection);
    const jsonSchema = documentJsonSchema(schema.fields);
    const compiled = new CompiledSchema(schema, this.validators.ajv.compile(jsonSchema));
    this.byCollection.set(schema.collection, { version: schema.schema_version, fingerprint, jsonSchema, compiled });
    this.byObject.set(schema, compiled);
    return compiled;
  }

  /** A validator for a schema that is not applied (yet): not cached, used while planning changes. */
  compileTransient(schema: CollectionSchema): CompiledSchema {
    return new CompiledSchema(schema, this.validators.compileTransient(documentJsonSchema(schema.fields)));
  }

  /** Forgets the compiled validator of a collection (e.g. after it was dropped or renamed). */
  evict(collection: string): void {
    const entry = this.byCollection.get(collection);
    if (!entry) return;
    if (typeof entry.jsonSchema === 'object') this.validators.ajv.removeSchema(entry.jsonSchema);
    this.byCollection.delete(collection);
  }
}
