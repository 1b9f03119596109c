// The public shape of an open database (implemented in database.ts).
import type { AppliedSchema, Doc, NewDoc, Query, SchemaOp } from './types.js';
import type { Explain } from './query/explain-types.js';
import type { OperationLogHandle } from './oplog/operation-log.js';
import type { OplogOptions } from './oplog/oplog-options.js';
import type { CommitFeed } from './changes/commit-feed.js';

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
  /** [query] expand_max_depth: the deepest dotted `expand` path (default 2; 0 disables expand) */
  expandMaxDepth?: number;
  /** record every operation in the operation log (`<dir>/oplog/`, `_system.operation_log`); absent = off */
  oplog?: OplogOptions;
  /** committed document changes are published here once durable (function db triggers); absent = not published */
  commitFeed?: CommitFeed;
}

export interface WriteResult<T> {
  data: T;
  /** LSN of the durable WAL unit holding this write */
  lsn: number;
  /** delete only: documents deleted by on_delete "cascade" in the same unit, by collection (keys sorted) */
  cascaded?: Record<string, number>;
  /** delete only: documents whose reference was set to null by on_delete "set_null", by collection */
  set_null?: Record<string, number>;
}

/** Whether the caller may see a document. The RLS hook: expanded documents it rejects are left out
 * and counted in `expanded_hidden`. Default: everything is visible. */
export type VisibilityPredicate = (collection: string, doc: Doc) => boolean;

export interface ReadOptions {
  visible?: VisibilityPredicate;
}

export interface GetOptions extends ReadOptions {
  /** reference / reverse_reference paths to expand into `_expanded` (SPEC §6) */
  expand?: string[];
}

/** The exact cost of a read (SPEC §6/§12 `_meta`). */
export interface ReadCost {
  /** the main lookup (1) plus one batched lookup per expand path node that had anything to fetch */
  queries_executed: number;
  /** documents returned by the main lookup plus documents read by expand */
  documents_fetched: number;
  /** expanded documents the visibility predicate hid */
  expanded_hidden: number;
}

export interface GetResult extends ReadCost {
  data: Doc | null;
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
  queries_executed: number;
  documents_fetched: number;
  expanded_hidden: number;
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
  /** One document by _id (null when absent); `expand` adds `_expanded` to a new frozen copy. */
  get(collection: string, id: string, options?: GetOptions): Promise<Doc | null>;
  /** get() plus the read cost and LSN (what REST puts in `_meta`). */
  getWithMeta(collection: string, id: string, options?: GetOptions): Promise<GetResult>;
  find(collection: string, query: Query, options?: ReadOptions): Promise<FindResult>;
  /** A query through a named projection (SPEC §6): its filter AND query.filter, only its fields. */
  findProjection(name: string, query: Query, options?: ReadOptions): Promise<FindResult>;
  explainProjection(name: string, query: Query, options?: { analyze?: boolean }): Promise<Explain>;
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
  /** The same database as `ctx.caller` sees it: every call RLS-checked for that caller (service: none) and attributed to it in the operation log (user_id/source/request_id). */
  withContext(ctx: CallContext): Database;
  /** The operation log when enabled (live entries, and `append` for functions and auth), else null. */
  readonly oplog: OperationLogHandle | null;
}

// ---- who is calling, and through what (operation-log attribution and row-level security) ----

/**
 * The identity a call runs as. `service` bypasses RLS; `anon` and `user` are subject to policies. A
 * user's `sub` is null when the token has no sub claim: signed in ("authenticated"), owner of nothing.
 */
export type Caller = { kind: 'service' } | { kind: 'anon' } | { kind: 'user'; sub: string | null; role?: string };

export type CallSource = 'rest' | 'cli' | 'function' | 'migration' | 'internal';

export interface CallContext {
  caller: Caller;
  source: CallSource;
  /** HTTP request id, invocation id, ... (copied into the operation log) */
  request_id?: string;
}

export const SERVICE_CONTEXT: CallContext = Object.freeze({ caller: Object.freeze({ kind: 'service' as const }), source: 'internal' as const });
