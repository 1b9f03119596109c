// The public shape of an open database (implemented in database.ts).
import type { AppliedSchema, Doc, NewDoc, Query, SchemaOp } from './types.js';
import type { Explain } from './query/explain-types.js';

export interface OpenDatabaseOptions {
  /** data directory (holds wal/, checkpoints/, LOCK) */
  dir: string;
  /** fdatasync before acknowledging writes (default true) */
  fsync?: boolean;
  /** [query] max_limit (default 1000) */
  maxLimit?: number;
  /** [storage] checkpoint_wal_mb: checkpoint automatically after this much WAL (default 64) */
  checkpointWalMb?: number;
  /** WAL segment size in bytes (default 64 MiB; tests use smaller) */
  walSegmentBytes?: number;
  /** recovery and runtime warnings (torn tail truncated, ...) */
  onWarning?: (message: string) => void;
}

export interface WriteResult<T> {
  data: T;
  /** LSN of the durable WAL unit holding this write */
  lsn: number;
}

export interface UpsertResult extends WriteResult<Doc> {
  created: boolean;
}

export interface FindResult {
  data: Doc[];
  next_cursor: string | null;
  /** exact total matching the filter, when query.count was true */
  count?: number;
  explain: Explain;
  documents_scanned: number;
  lsn: number;
}

export interface SchemaOpsResult {
  lsn: number;
  /** collections whose schema changed, sorted */
  collections: string[];
}

export interface ApplySchemaOpsOptions {
  /** extra documents written in the same atomic unit (e.g. a `_system.migrations` history row) */
  alsoWrite?: Array<{ collection: string; doc: Doc }>;
  /** `_system.*` documents deleted in the same unit */
  alsoDelete?: Array<{ collection: string; id: string }>;
}

export interface DatabaseStats {
  lsn: number;
  durable_lsn: number;
  checkpoint_lsn: number;
  wal_bytes: number;
  collections: Array<{ name: string; documents: number; schema_version: number; indexes: string[] }>;
}

export interface Database {
  readonly dir: string;
  insert(collection: string, doc: NewDoc): Promise<WriteResult<Doc>>;
  insert(collection: string, docs: NewDoc[]): Promise<WriteResult<Doc[]>>;
  get(collection: string, id: string): Promise<Doc | null>;
  find(collection: string, query: Query): Promise<FindResult>;
  update(collection: string, id: string, patch: Record<string, unknown>): Promise<WriteResult<Doc>>;
  replace(collection: string, id: string, doc: NewDoc): Promise<WriteResult<Doc>>;
  upsert(collection: string, id: string, doc: NewDoc, options: { on_conflict: 'replace' | 'merge' | 'error' }): Promise<UpsertResult>;
  delete(collection: string, id: string): Promise<WriteResult<{ _id: string }>>;
  explain(collection: string, query: Query, options?: { analyze?: boolean }): Promise<Explain>;
  applySchemaOps(ops: SchemaOp[], options?: ApplySchemaOpsOptions): Promise<SchemaOpsResult>;
  /** applied schemas, sorted by collection name (user collections only) */
  schemas(): AppliedSchema[];
  schema(collection: string): AppliedSchema | undefined;
  checkpoint(): Promise<{ lsn: number }>;
  stats(): DatabaseStats;
  readonly lsn: number;
  close(): Promise<void>;
}
