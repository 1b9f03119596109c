import { CollectionIndexes } from '../index/collection-indexes.js';
import type { SchemaCatalog } from '../schema/schema-catalog.js';
import type { CompiledSchema } from '../schema/compiled-schema.js';
import type { AppliedSchema, Doc } from '../types.js';

/** What the engine derives from one applied schema: its validator and its live indexes. */
export interface CollectionRuntime {
  schema: AppliedSchema;
  compiled: CompiledSchema;
  indexes: CollectionIndexes;
}

export function buildRuntime(schema: AppliedSchema, docs: Iterable<Doc>, catalog: SchemaCatalog): CollectionRuntime {
  const indexes = new CollectionIndexes(schema);
  indexes.build(docs);
  return { schema, compiled: catalog.compiled(schema), indexes };
}
