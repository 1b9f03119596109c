import type { CollectionSchema } from '../types.js';

/** What a schema is checked against. */
export interface SchemaCheckContext {
  /** JSON pointer of the schema inside its container ("" for a schema file, "/up/0/schema" in a migration) */
  pointer: string;
  /** the other existing collections (reference targets); the schema's own collection is always allowed */
  collections: ReadonlySet<string>;
  /** schemas of the other collections, when known: enables reverse_reference and projection-name checks */
  schemas?: ReadonlyMap<string, Readonly<CollectionSchema>>;
  /** schemas/<collection>.json files carry schema_version; everywhere else it is assigned by AeroDB */
  allowSchemaVersion?: boolean;
}
