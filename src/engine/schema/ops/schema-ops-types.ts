import type { AppliedSchema, Doc, WalOp } from '../../types.js';

/** What planning reads: the applied user schemas and the current documents. */
export interface SchemaStateView {
  schemas: ReadonlyMap<string, AppliedSchema>;
  /** current documents of a collection, sorted by _id */
  docs(collection: string): Iterable<Doc>;
}

/** The outcome of a list of schema operations, to be committed as one atomic WAL unit. */
export interface SchemaOpsPlan {
  /** the complete new set of user schemas (unchanged ones are the same objects as before) */
  schemas: Map<string, AppliedSchema>;
  /** replayed in order on the old state: structural drop/move first, then document and schema puts/dels */
  walOps: WalOp[];
  /** collections whose schema changed, was created, dropped, or renamed (old and new name), sorted */
  changed: string[];
  /** per collection, the final document (null = deleted) of every document a put/del touches */
  affectedDocs: Map<string, Map<string, Doc | null>>;
}
