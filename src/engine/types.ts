// Shared engine types: the contract between storage, schema, index, query and the Database.

/** A stored document. Stored documents are deep-frozen: callers must copy before mutating. */
export type Doc = { readonly _id: string; readonly [field: string]: unknown };

/** A document as a caller supplies it (`_id` optional on insert). */
export type NewDoc = { _id?: string; [field: string]: unknown };

export type ScalarFieldType = 'string' | 'int' | 'float' | 'bool' | 'timestamp';
export type FieldType = ScalarFieldType | 'array' | 'object' | 'reference' | 'reverse_reference';

export interface FieldDef {
  type: FieldType;
  required?: boolean;
  nullable?: boolean;
  default?: unknown;
  description?: string;
  // string
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  // int / float
  minimum?: number;
  maximum?: number;
  // array
  items?: FieldDef;
  minItems?: number;
  maxItems?: number;
  // object
  fields?: Record<string, FieldDef>;
  // reference
  target_collection?: string;
  target_field?: string;
  on_delete?: 'restrict' | 'cascade' | 'set_null';
  // reverse_reference (virtual: never stored, only expanded)
  source_collection?: string;
  source_field?: string;
  limit?: number;
}

export interface IndexDef {
  name: string;
  fields: string[];
  unique?: boolean;
  /** "btree" (default) or "text" */
  type?: 'btree' | 'text';
  config?: {
    language?: 'english' | 'simple';
    weights?: Record<string, number>;
    ranking?: 'bm25';
  };
}

export type RlsPolicy = 'public' | 'authenticated' | 'owner' | 'service';
export interface RlsDef {
  read?: RlsPolicy;
  create?: RlsPolicy;
  update?: RlsPolicy;
  delete?: RlsPolicy;
  owner_field?: string;
}

export interface ProjectionDef {
  name: string;
  fields: string[];
  filter?: Filter;
}

/** A collection schema as declared (SPEC §3). */
export interface CollectionSchema {
  collection: string;
  fields: Record<string, FieldDef>;
  indexes?: IndexDef[];
  rls?: RlsDef;
  projections?: ProjectionDef[];
}

/** A schema as applied: what `_system.schemas` holds (the document `_id` is the collection name). */
export interface AppliedSchema extends CollectionSchema {
  schema_version: number;
}

// ---- schema operations (SPEC §7) ----
export type SchemaOp =
  | { op: 'create_collection'; schema: CollectionSchema }
  | { op: 'drop_collection'; collection: string }
  | { op: 'rename_collection'; from: string; to: string }
  | { op: 'add_field'; collection: string; field: FieldDef & { name: string } }
  | { op: 'remove_field'; collection: string; field: string }
  | { op: 'rename_field'; collection: string; from: string; to: string }
  | { op: 'change_field'; collection: string; field: FieldDef & { name: string } }
  | { op: 'add_index'; collection: string; index: IndexDef }
  | { op: 'drop_index'; collection: string; name: string }
  | { op: 'set_rls'; collection: string; rls: RlsDef }
  | { op: 'add_projection'; collection: string; projection: ProjectionDef }
  | { op: 'drop_projection'; collection: string; name: string };

// ---- queries (SPEC §5) ----
export type Scalar = string | number | boolean | null;
export interface OperatorExpr {
  $eq?: unknown;
  $ne?: unknown;
  $gt?: unknown;
  $gte?: unknown;
  $lt?: unknown;
  $lte?: unknown;
  $in?: unknown[];
  $exists?: boolean;
}
export type Filter = {
  $and?: Filter[];
  $or?: Filter[];
  [field: string]: unknown;
};
export interface SortSpec {
  field: string;
  order: 'asc' | 'desc';
}
/** Full-text search over a text index (SPEC §6): every query term must occur; results rank by BM25. */
export interface TextSearch {
  query: string;
  /** name of a `"type": "text"` index of the collection */
  index: string;
}
export interface Query {
  filter?: Filter;
  sort?: SortSpec[];
  limit?: number;
  cursor?: string;
  fields?: string[];
  expand?: string[];
  count?: boolean;
  text_search?: TextSearch;
  /** with text_search: add `_score_explain` (per-term tf, idf and field contributions) to each result */
  explain_score?: boolean;
}

// ---- WAL units: what one atomic write does to the state (physical, replayable) ----
export type WalOp =
  | { o: 'put'; c: string; d: Doc }
  | { o: 'del'; c: string; id: string }
  /** remove a collection's documents */
  | { o: 'drop'; c: string }
  /** move every document of collection `from` to collection `to` */
  | { o: 'move'; from: string; to: string };

export interface WalUnit {
  ops: WalOp[];
}

export const SYSTEM_SCHEMAS = '_system.schemas';
export const SYSTEM_MIGRATIONS = '_system.migrations';
export const SYSTEM_PREFIX = '_system.';
