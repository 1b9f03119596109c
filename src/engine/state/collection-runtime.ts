import { CollectionIndexes } from '../index/collection-indexes.js';
import type { SchemaCatalog } from '../schema/schema-catalog.js';
import type { CompiledSchema } from '../schema/compiled-schema.js';
import { CollectionTextIndexes } from '../text/collection-text-indexes.js';
import type { AppliedSchema, Doc } from '../types.js';

/** What the engine derives from one applied schema: its validator and its live indexes. */
export interface CollectionRuntime {
  schema: AppliedSchema;
  compiled: CompiledSchema;
  indexes: CollectionIndexes;
  /** the `"type": "text"` indexes (inverted indexes for text_search) */
  text: CollectionTextIndexes;
}

export function buildRuntime(schema: AppliedSchema, docs: Iterable<Doc>, catalog: SchemaCatalog): CollectionRuntime {
  const indexes = new CollectionIndexes(schema);
  const text = new CollectionTextIndexes(schema);
  if (text.size === 0) {
    indexes.build(docs);
  } else {
    const all = [...docs];
    indexes.build(all);
    text.build(all);
  }
  // Validators compile on the first write: read-only opens (`migrate status`, `explain`, the
  // dashboard) never pay for ajv compilation.
  let compiled: CompiledSchema | undefined;
  return {
    schema,
    get compiled(): CompiledSchema {
      compiled ??= catalog.compiled(schema);
      return compiled;
    },
    indexes,
    text,
  };
}
