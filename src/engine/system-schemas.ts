import { SYSTEM_MIGRATIONS, SYSTEM_SCHEMAS, type AppliedSchema } from './types.js';

// Built-in schemas of the `_system.*` collections: they make system data queryable with the normal
// planner (find/explain by _id); their documents are written by the engine, never validated by users.
export const SYSTEM_COLLECTION_SCHEMAS: readonly AppliedSchema[] = [
  {
    collection: SYSTEM_MIGRATIONS,
    schema_version: 1,
    fields: {
      _id: { type: 'string', required: true },
      version: { type: 'string', required: true },
      name: { type: 'string', required: true },
      checksum: { type: 'string', required: true },
      applied_at: { type: 'timestamp', required: true },
      lsn: { type: 'int' },
      direction: { type: 'string' },
    },
    indexes: [],
  },
  {
    collection: SYSTEM_SCHEMAS,
    schema_version: 1,
    fields: {
      _id: { type: 'string', required: true },
      collection: { type: 'string', required: true },
      schema_version: { type: 'int', required: true },
    },
    indexes: [],
  },
];
