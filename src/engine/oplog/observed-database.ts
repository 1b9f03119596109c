// A Database that reports every operation to the operation log: the same calls, answered by the
// wrapped database, each timed and turned into one Observation (success or failure). It also serves
// the read-only collection `_system.operation_log` from the log itself.
//
// `withContext` gives a view whose operations are attributed to that caller and source. (TS-private
// members, not #fields: the server's tests wrap databases in Proxies.)
import type {
  ApplySchemaOpsOptions,
  CallContext,
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
import { systemDenied } from '../auth/rls-denied.js';
import { AeroError } from '../errors/aero-error.js';
import type { Explain } from '../query/explain-types.js';
import { executeQueryPage, explainQuery } from '../query/query-engine.js';
import { SYSTEM_MIGRATIONS, type AppliedSchema, type Doc, type NewDoc, type Query, type SchemaOp } from '../types.js';
import { copyFilter, Observation, queryJson, type WrittenIds } from './observation.js';
import type { OplogOperation } from './oplog-entry.js';
import type { OperationLog } from './operation-log.js';
import { OPLOG_SCHEMA, SYSTEM_OPERATION_LOG } from './oplog-schema.js';

export class ObservedDatabase implements Database {
  private readonly inner: Database;
  private readonly log: OperationLog;
  private readonly maxLimit: number;
  readonly context: CallContext;

  constructor(inner: Database, log: OperationLog, context: CallContext, maxLimit: number) {
    this.inner = inner;
    this.log = log;
    this.context = context;
    this.maxLimit = maxLimit;
  }

  get dir(): string {
    return this.inner.dir;
  }

  get lsn(): number {
    return this.inner.lsn;
  }

  get oplog(): OperationLog {
    return this.log;
  }

  withContext(ctx: CallContext): Database {
    return new ObservedDatabase(this.inner.withContext(ctx), this.log, ctx, this.maxLimit);
  }

  // ---------------------------------------------------------------- reads

  async find(collection: string, query: Query, options?: ReadOptions): Promise<FindResult> {
    const started = this.log.now();
    let result: FindResult;
    try {
      result = collection === SYSTEM_OPERATION_LOG ? this.findOplog(query) : await this.inner.find(collection, query, options);
    } catch (error) {
      this.failed('find', collection, started, filterOf(query), error, null);
      throw error;
    }
    this.read('find', collection, started, query, result.documents_scanned, result.data.length, result.explain, result.lsn, null);
    return result;
  }

  async findProjection(name: string, query: Query, options?: ReadOptions): Promise<FindResult> {
    const started = this.log.now();
    let result: FindResult;
    try {
      result = await this.inner.findProjection(name, query, options);
    } catch (error) {
      this.failed('find', null, started, filterOf(query), error, `projection ${String(name)}`);
      throw error;
    }
    this.read('find', result.explain.collection, started, query, result.documents_scanned, result.data.length, result.explain, result.lsn, `projection ${name}`);
    return result;
  }

  async get(collection: string, id: string, options?: GetOptions): Promise<Doc | null> {
    return (await this.getWithMeta(collection, id, options)).data;
  }

  async getWithMeta(collection: string, id: string, options?: GetOptions): Promise<GetResult> {
    const started = this.log.now();
    let result: GetResult;
    try {
      result = collection === SYSTEM_OPERATION_LOG ? this.getOplog(id, options) : await this.inner.getWithMeta(collection, id, options);
    } catch (error) {
      this.failed('get', collection, started, { _id: id }, error, null);
      throw error;
    }
    const found = result.data === null ? 0 : 1;
    this.log.record(
      new Observation('get', collection, this.context, started, this.log.now() - started, { _id: id }, result.documents_fetched, found, '_id', null, undefined, null, null, result.lsn, null),
    );
    return result;
  }

  async explain(collection: string, query: Query, options?: { analyze?: boolean }): Promise<Explain> {
    const started = this.log.now();
    let explain: Explain;
    try {
      explain = collection === SYSTEM_OPERATION_LOG
        ? explainQuery(this.oplogContext(), query, { analyze: options?.analyze ?? false })
        : await this.inner.explain(collection, query, options);
    } catch (error) {
      this.failed('explain', collection, started, filterOf(query), error, null);
      throw error;
    }
    this.explained(collection, started, query, explain, null);
    return explain;
  }

  async explainProjection(name: string, query: Query, options?: { analyze?: boolean }): Promise<Explain> {
    const started = this.log.now();
    let explain: Explain;
    try {
      explain = await this.inner.explainProjection(name, query, options);
    } catch (error) {
      this.failed('explain', null, started, filterOf(query), error, `projection ${String(name)}`);
      throw error;
    }
    this.explained(explain.collection, started, query, explain, `projection ${name}`);
    return explain;
  }

  // ---------------------------------------------------------------- writes

  insert(collection: string, doc: NewDoc): Promise<WriteResult<Doc>>;
  insert(collection: string, docs: NewDoc[]): Promise<WriteResult<Doc[]>>;
  async insert(collection: string, input: NewDoc | NewDoc[]): Promise<WriteResult<Doc> | WriteResult<Doc[]>> {
    const started = this.log.now();
    let result: WriteResult<Doc> | WriteResult<Doc[]>;
    try {
      result = await this.inner.insert(collection, input as NewDoc);
    } catch (error) {
      this.failed('insert', collection, started, null, error, Array.isArray(input) ? `bulk of ${input.length}` : null);
      throw error;
    }
    const count = Array.isArray(result.data) ? result.data.length : 1;
    this.wrote('insert', collection, started, null, 0, result.data, count, result.lsn, Array.isArray(result.data) ? `bulk of ${count}` : null);
    return result;
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<WriteResult<Doc>> {
    const started = this.log.now();
    let result: WriteResult<Doc>;
    try {
      result = await this.inner.update(collection, id, patch);
    } catch (error) {
      this.failed('update', collection, started, { _id: id }, error, null);
      throw error;
    }
    this.wrote('update', collection, started, { _id: id }, 1, result.data, 1, result.lsn, null);
    return result;
  }

  async replace(collection: string, id: string, doc: NewDoc): Promise<WriteResult<Doc>> {
    const started = this.log.now();
    let result: WriteResult<Doc>;
    try {
      result = await this.inner.replace(collection, id, doc);
    } catch (error) {
      this.failed('replace', collection, started, { _id: id }, error, null);
      throw error;
    }
    this.wrote('replace', collection, started, { _id: id }, 1, result.data, 1, result.lsn, null);
    return result;
  }

  async upsert(collection: string, id: string, doc: NewDoc, options: { on_conflict: 'replace' | 'merge' | 'error' }): Promise<UpsertResult> {
    const started = this.log.now();
    const mode = `on_conflict=${String(options?.on_conflict)}`;
    let result: UpsertResult;
    try {
      result = await this.inner.upsert(collection, id, doc, options);
    } catch (error) {
      this.failed('upsert', collection, started, { _id: id }, error, mode);
      throw error;
    }
    this.wrote('upsert', collection, started, { _id: id }, result.created ? 0 : 1, result.data, 1, result.lsn, `${mode}, ${result.created ? 'created' : 'updated'}`);
    return result;
  }

  async delete(collection: string, id: string): Promise<WriteResult<{ _id: string }>> {
    const started = this.log.now();
    let result: WriteResult<{ _id: string }>;
    try {
      result = await this.inner.delete(collection, id);
    } catch (error) {
      this.failed('delete', collection, started, { _id: id }, error, null);
      throw error;
    }
    const cascaded = sum(result.cascaded);
    const nulled = sum(result.set_null);
    const detail = cascaded + nulled === 0 ? null : describeCascade(result.cascaded, result.set_null);
    this.wrote('delete', collection, started, { _id: id }, 1, id, 1 + cascaded + nulled, result.lsn, detail);
    return result;
  }

  async applySchemaOps(ops: SchemaOp[], options?: ApplySchemaOpsOptions): Promise<SchemaOpsResult> {
    const started = this.log.now();
    const collection = firstCollection(ops);
    const detail = describeSchemaOps(ops, options);
    let result: SchemaOpsResult;
    // plans (and so explains) may differ once this runs: the log stops reusing explain texts meanwhile
    this.log.schemaChangeStarted();
    try {
      result = await this.inner.applySchemaOps(ops, options);
    } catch (error) {
      this.failed('migration', collection, started, null, error, detail);
      throw error;
    } finally {
      this.log.schemaChangeEnded();
    }
    this.log.record(
      new Observation('migration', collection, this.context, started, this.log.now() - started, null, 0, 0, null, null, undefined, null, result.collections.length, result.lsn, detail),
    );
    return result;
  }

  // ---------------------------------------------------------------- not operations: passed through

  schemas(): AppliedSchema[] {
    return this.inner.schemas();
  }

  schema(collection: string): AppliedSchema | undefined {
    return this.inner.schema(collection);
  }

  checkpoint(): Promise<{ lsn: number }> {
    return this.inner.checkpoint();
  }

  stats(): DatabaseStats {
    const stats = this.inner.stats();
    const oplog = { name: SYSTEM_OPERATION_LOG, documents: this.log.size, schema_version: OPLOG_SCHEMA.schema_version, indexes: ['_id', ...(OPLOG_SCHEMA.indexes ?? []).map((index) => index.name)] };
    const collections = [...stats.collections, oplog].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ...stats, collections };
  }

  async close(): Promise<void> {
    try {
      await this.log.close();
    } finally {
      await this.inner.close();
    }
  }

  // ---------------------------------------------------------------- internals

  /** `_system.operation_log` is the service caller's only, like every system collection (RLS). */
  private oplogContext(): ReturnType<OperationLog['queryContext']> {
    if (this.context.caller.kind !== 'service') throw systemDenied(SYSTEM_OPERATION_LOG, this.context.caller);
    return this.log.queryContext(this.maxLimit);
  }

  private findOplog(query: Query): FindResult {
    const ctx = this.oplogContext();
    if (query !== null && typeof query === 'object' && query.expand !== undefined && (!Array.isArray(query.expand) || query.expand.length > 0)) {
      throw new AeroError('AERO_QUERY_INVALID', `"${SYSTEM_OPERATION_LOG}" has no reference fields to expand`, { details: { field: null, key: 'expand' }, hint: 'Remove "expand" from the query.' });
    }
    const { result } = executeQueryPage(ctx, query);
    const head: Pick<FindResult, 'data' | 'next_cursor' | 'count'> =
      result.count === undefined ? { data: result.docs, next_cursor: result.next_cursor } : { data: result.docs, next_cursor: result.next_cursor, count: result.count };
    return Object.assign(head, {
      explain: result.explain,
      documents_scanned: result.documents_scanned,
      queries_executed: 1,
      documents_fetched: result.docs.length,
      expanded_hidden: 0,
      lsn: this.inner.lsn,
    });
  }

  private getOplog(id: string, options: GetOptions | undefined): GetResult {
    this.oplogContext();
    if (typeof id !== 'string' || id === '') throw new AeroError('AERO_QUERY_INVALID', `_id must be a non-empty string, got ${JSON.stringify(id)}`, { details: { field: '_id' } });
    if (options?.expand !== undefined && options.expand.length > 0) {
      throw new AeroError('AERO_QUERY_INVALID', `"${SYSTEM_OPERATION_LOG}" has no reference fields to expand`, { details: { field: null, key: 'expand' }, hint: 'Remove "expand".' });
    }
    const entry = this.log.get(id) as Doc | null;
    return { data: entry, queries_executed: 1, documents_fetched: entry ? 1 : 0, expanded_hidden: 0, lsn: this.inner.lsn };
  }

  private read(operation: OplogOperation, collection: string, started: number, query: Query, scanned: number, returned: number, explain: Explain, lsn: number, detail: string | null): void {
    const json = queryJson(query);
    this.log.record(
      new Observation(operation, collection, this.context, started, this.log.now() - started, json.filter, scanned, returned, indexOf(explain), explain, undefined, null, null, lsn, detail, json.query),
    );
  }

  private explained(collection: string, started: number, query: Query, explain: Explain, detail: string | null): void {
    const analyze = explain.analyze;
    const text = explain.accepted ? (analyze ? 'analyze' : null) : `rejected: ${explain.rejection?.code ?? 'unknown'}`;
    const shown = detail === null ? text : text === null ? detail : `${detail}, ${text}`;
    // an analyzed explain holds a measured duration: never shared with another entry
    const json = queryJson(query);
    this.log.record(
      new Observation('explain', collection, this.context, started, this.log.now() - started, json.filter, analyze?.documents_scanned ?? 0, analyze?.documents_returned ?? 0, indexOf(explain), explain, undefined, null, null, this.inner.lsn, shown, analyze ? null : json.query),
    );
  }

  private wrote(operation: OplogOperation, collection: string, started: number, filter: Record<string, unknown> | null, scanned: number, written: WrittenIds, affected: number, lsn: number, detail: string | null): void {
    this.log.record(
      new Observation(operation, collection, this.context, started, this.log.now() - started, filter, scanned, affected, operation === 'insert' ? null : '_id', null, undefined, written, affected, lsn, detail),
    );
  }

  private failed(operation: OplogOperation, collection: unknown, started: number, filter: Record<string, unknown> | null, error: unknown, detail: string | null): void {
    const name = typeof collection === 'string' ? collection : null;
    this.log.record(new Observation(operation, name, this.context, started, this.log.now() - started, filter, 0, 0, null, null, error ?? new Error('undefined thrown'), null, null, null, detail));
  }
}

function filterOf(query: unknown): Record<string, unknown> | null {
  return query !== null && typeof query === 'object' ? copyFilter((query as Query).filter) : null;
}

/** The index a read used: its scan's index, or the indexes of an OR_UNION's branches. */
function indexOf(explain: Explain): string | null {
  if (explain.index !== undefined) return explain.index;
  if (explain.branches !== undefined) return [...new Set(explain.branches.map((b) => b.index ?? '?'))].join('+');
  return null;
}

function sum(counts: Record<string, number> | undefined): number {
  let total = 0;
  for (const key in counts) total += counts[key]!;
  return total;
}

function describeCascade(cascaded: Record<string, number> | undefined, nulled: Record<string, number> | undefined): string {
  const parts: string[] = [];
  for (const [c, n] of Object.entries(cascaded ?? {})) if (n > 0) parts.push(`cascaded ${c}: ${n}`);
  for (const [c, n] of Object.entries(nulled ?? {})) if (n > 0) parts.push(`set_null ${c}: ${n}`);
  return parts.join('; ');
}

const MAX_DESCRIBED_OPS = 8;

function opTarget(op: unknown): string {
  if (op === null || typeof op !== 'object') return '?';
  const o = op as Record<string, unknown>;
  const schema = o['schema'] as { collection?: unknown } | undefined;
  const collection = typeof o['collection'] === 'string' ? o['collection'] : typeof schema?.collection === 'string' ? schema.collection : null;
  if (typeof o['from'] === 'string' && typeof o['to'] === 'string') return collection === null ? `${o['from']} -> ${o['to']}` : `${collection}.${o['from']} -> ${o['to']}`;
  const named = (o['field'] as { name?: unknown } | undefined)?.name ?? (o['index'] as { name?: unknown } | undefined)?.name ?? (o['projection'] as { name?: unknown } | undefined)?.name ?? o['name'] ?? (typeof o['field'] === 'string' ? o['field'] : undefined);
  return collection === null ? '?' : typeof named === 'string' ? `${collection}.${named}` : collection;
}

/** e.g. "002_add_views up: add_field posts.views, add_index posts.views_idx" */
function describeSchemaOps(ops: unknown, options: ApplySchemaOpsOptions | undefined): string | null {
  if (!Array.isArray(ops)) return null;
  const steps = ops.slice(0, MAX_DESCRIBED_OPS).map((op) => `${String((op as { op?: unknown } | null)?.op ?? '?')} ${opTarget(op)}`);
  if (ops.length > MAX_DESCRIBED_OPS) steps.push(`… ${ops.length - MAX_DESCRIBED_OPS} more`);
  const record = options?.alsoWrite?.find((w) => w.collection === SYSTEM_MIGRATIONS)?.doc as { version?: unknown; name?: unknown; direction?: unknown } | undefined;
  const migration = record && typeof record.version === 'string' ? `${record.version}_${String(record.name)} ${String(record.direction ?? 'up')}: ` : '';
  const text = `${migration}${steps.join(', ')}`;
  return text === '' ? null : text;
}

function firstCollection(ops: unknown): string | null {
  if (!Array.isArray(ops)) return null;
  for (const op of ops) {
    const o = op as Record<string, unknown> | null;
    if (o === null || typeof o !== 'object') continue;
    if (typeof o['collection'] === 'string') return o['collection'];
    const schema = o['schema'] as { collection?: unknown } | undefined;
    if (typeof schema?.collection === 'string') return schema.collection;
    if (typeof o['from'] === 'string') return o['from'];
  }
  return null;
}
