// The database as one caller sees it: `db.withContext(ctx)` for a non-service caller. Every call goes
// to the same engine entry points with the caller attached, so reads, writes, expand, projections and
// text search are all enforced by one implementation (the engine's), never re-checked out here.
import type {
  ApplySchemaOpsOptions,
  CallContext,
  Caller,
  Database,
  DatabaseStats,
  FindResult,
  GetOptions,
  GetResult,
  ReadOptions,
  SchemaOpsResult,
  UpsertResult,
  WriteResult,
} from '../database-types.js';
import type { Explain } from '../query/explain-types.js';
import type { AppliedSchema, Doc, NewDoc, Query, SchemaOp } from '../types.js';
import { schemaChangeDenied } from './rls-denied.js';

type OnConflict = { on_conflict: 'replace' | 'merge' | 'error' };

/** The engine's entry points with the caller as a trailing argument (the service caller when omitted). */
export interface CallerAwareEngine extends Database {
  get(collection: string, id: string, options: GetOptions | undefined, caller?: Caller): Promise<Doc | null>;
  getWithMeta(collection: string, id: string, options: GetOptions | undefined, caller?: Caller): Promise<GetResult>;
  find(collection: string, query: Query, options: ReadOptions | undefined, caller?: Caller): Promise<FindResult>;
  findProjection(name: string, query: Query, options: ReadOptions | undefined, caller?: Caller): Promise<FindResult>;
  explainProjection(name: string, query: Query, options: { analyze?: boolean } | undefined, caller?: Caller): Promise<Explain>;
  explain(collection: string, query: Query, options: { analyze?: boolean } | undefined, caller?: Caller): Promise<Explain>;
  insertAs(collection: string, input: NewDoc | NewDoc[], caller: Caller): Promise<WriteResult<Doc> | WriteResult<Doc[]>>;
  update(collection: string, id: string, patch: Record<string, unknown>, caller?: Caller): Promise<WriteResult<Doc>>;
  replace(collection: string, id: string, doc: NewDoc, caller?: Caller): Promise<WriteResult<Doc>>;
  upsert(collection: string, id: string, doc: NewDoc, options: OnConflict, caller?: Caller): Promise<UpsertResult>;
  delete(collection: string, id: string, caller?: Caller): Promise<WriteResult<{ _id: string }>>;
}

export class CallerDatabase implements Database {
  readonly context: CallContext;
  private readonly engine: CallerAwareEngine;
  private readonly caller: Caller;

  constructor(engine: CallerAwareEngine, context: CallContext) {
    this.engine = engine;
    this.context = context;
    this.caller = context.caller;
  }

  get dir(): string {
    return this.engine.dir;
  }

  get lsn(): number {
    return this.engine.lsn;
  }

  get oplog(): Database['oplog'] {
    return this.engine.oplog;
  }

  withContext(ctx: CallContext): Database {
    return this.engine.withContext(ctx);
  }

  get(collection: string, id: string, options?: GetOptions): Promise<Doc | null> {
    return this.engine.get(collection, id, options, this.caller);
  }

  getWithMeta(collection: string, id: string, options?: GetOptions): Promise<GetResult> {
    return this.engine.getWithMeta(collection, id, options, this.caller);
  }

  find(collection: string, query: Query, options?: ReadOptions): Promise<FindResult> {
    return this.engine.find(collection, query, options, this.caller);
  }

  findProjection(name: string, query: Query, options?: ReadOptions): Promise<FindResult> {
    return this.engine.findProjection(name, query, options, this.caller);
  }

  explainProjection(name: string, query: Query, options?: { analyze?: boolean }): Promise<Explain> {
    return this.engine.explainProjection(name, query, options, this.caller);
  }

  explain(collection: string, query: Query, options?: { analyze?: boolean }): Promise<Explain> {
    return this.engine.explain(collection, query, options, this.caller);
  }

  insert(collection: string, doc: NewDoc): Promise<WriteResult<Doc>>;
  insert(collection: string, docs: NewDoc[]): Promise<WriteResult<Doc[]>>;
  insert(collection: string, input: NewDoc | NewDoc[]): Promise<WriteResult<Doc> | WriteResult<Doc[]>> {
    return this.engine.insertAs(collection, input, this.caller);
  }

  update(collection: string, id: string, patch: Record<string, unknown>): Promise<WriteResult<Doc>> {
    return this.engine.update(collection, id, patch, this.caller);
  }

  replace(collection: string, id: string, doc: NewDoc): Promise<WriteResult<Doc>> {
    return this.engine.replace(collection, id, doc, this.caller);
  }

  upsert(collection: string, id: string, doc: NewDoc, options: OnConflict): Promise<UpsertResult> {
    return this.engine.upsert(collection, id, doc, options, this.caller);
  }

  delete(collection: string, id: string): Promise<WriteResult<{ _id: string }>> {
    return this.engine.delete(collection, id, this.caller);
  }

  /** Schema changes are service-only, whatever the collections' policies say. */
  async applySchemaOps(_ops: SchemaOp[], _options?: ApplySchemaOpsOptions): Promise<SchemaOpsResult> {
    throw schemaChangeDenied(this.caller);
  }

  schemas(): AppliedSchema[] {
    return this.engine.schemas();
  }

  schema(collection: string): AppliedSchema | undefined {
    return this.engine.schema(collection);
  }

  checkpoint(): Promise<{ lsn: number }> {
    return this.engine.checkpoint();
  }

  stats(): DatabaseStats {
    return this.engine.stats();
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
