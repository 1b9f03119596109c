import { CallerDatabase } from './auth/caller-database.js';
import { systemDenied } from './auth/rls-denied.js';
import { grantFor } from './auth/rls-policy.js';
import { grantCovers, readScope, visibilityFor } from './auth/rls-reads.js';
import { assertOwnerKept, assertWritable, keepOwner, stampOwners } from './auth/rls-writes.js';
import { AeroError } from './errors/aero-error.js';
import { UuidV7Generator } from './ids/uuidv7.js';
import { executeQueryPage, explainQuery } from './query/query-engine.js';
import type { Explain } from './query/explain-types.js';
import { deepFreeze } from './schema/deep-freeze.js';
import { SchemaCatalog } from './schema/schema-catalog.js';
import { mergePatch } from './schema/merge-patch.js';
import { planSchemaOps } from './schema/ops/plan-schema-ops.js';
import { applyWalOps, type DocStore } from './state/apply-wal-ops.js';
import { type CollectionRuntime, buildRuntime } from './state/collection-runtime.js';
import { openStorage, type Storage } from './storage/storage.js';
import { planDelete } from './relations/delete-plan.js';
import { expandDocs, ALL_VISIBLE, type ExpandCost } from './relations/expand-docs.js';
import { parseExpandPaths, type ExpandNode } from './relations/expand-paths.js';
import { ReferenceGraph } from './relations/reference-graph.js';
import { checkReferenceTargets } from './relations/reference-targets.js';
import { ReverseReferenceIndex } from './relations/reverse-reference-index.js';
import { projectionQuery, resolveProjection } from './projections/named-projection.js';
import type { QueryContext, QueryResult } from './query/query-engine.js';
import type { RlsRead } from './query/rls-plan.js';
import { SYSTEM_COLLECTION_SCHEMAS } from './system-schemas.js';
import type { CommitFeed } from './changes/commit-feed.js';
import { ObservedDatabase } from './oplog/observed-database.js';
import { openOperationLog } from './oplog/operation-log.js';
import {
  SYSTEM_PREFIX,
  SYSTEM_SCHEMAS,
  type AppliedSchema,
  type Doc,
  type NewDoc,
  type Query,
  type SchemaOp,
  type WalOp,
} from './types.js';
import {
  SERVICE_CONTEXT,
  type ApplySchemaOpsOptions,
  type CallContext,
  type Caller,
  type Database,
  type DatabaseStats,
  type FindResult,
  type GetOptions,
  type GetResult,
  type OpenDatabaseOptions,
  type ReadOptions,
  type SchemaOpsResult,
  type UpsertResult,
  type WriteResult,
} from './database-types.js';

const MIB = 1024 * 1024;
const DEFAULT_MAX_BATCH = 10_000;
const DEFAULT_EXPAND_MAX_DEPTH = 2;
/** The caller of every call made without withContext (CLI, migrations, tests): no RLS. */
const SERVICE: Caller = SERVICE_CONTEXT.caller;

/** One document change of an atomic unit, applied to the store and every derived structure. */
interface DocChange {
  collection: string;
  runtime: CollectionRuntime;
  old: Doc | undefined;
  next: Doc | undefined;
}

/** Opens (and recovers) the database in `options.dir`. One process owns a directory at a time. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const onWarning = options.onWarning ?? ((message: string) => process.emitWarning(message, { code: 'AERODB' }));
  const opened = await openStorage({
    dir: options.dir,
    fsync: options.fsync ?? true,
    segmentBytes: options.walSegmentBytes ?? 64 * MIB,
    onWarning,
  });
  try {
    const store: DocStore = new Map();
    if (opened.checkpoint) {
      for (const { name, docs } of opened.checkpoint.collections) {
        const map = new Map<string, Doc>();
        for (const doc of docs) map.set(doc._id, deepFreeze(doc));
        store.set(name, map);
      }
    }
    for (const { unit } of opened.tail) applyWalOps(store, freezeOps(unit.ops));
    const db = new AeroDatabase(options, opened.storage, store, onWarning);
    if (!options.oplog) return db;
    // opened only now: the LOCK is held, so this process owns <dir>/oplog/ too
    const oplog = openOperationLog({ dataDir: options.dir, options: options.oplog, fsync: options.fsync ?? true, onWarning });
    return new ObservedDatabase(db, oplog, SERVICE_CONTEXT, options.maxLimit ?? 1000);
  } catch (error) {
    await opened.storage.close();
    throw error;
  }
}

class AeroDatabase implements Database {
  readonly dir: string;
  private readonly storage: Storage;
  private readonly store: DocStore;
  private readonly catalog = new SchemaCatalog();
  private readonly runtimes = new Map<string, CollectionRuntime>();
  private readonly ids = new UuidV7Generator();
  private readonly maxLimit: number;
  private readonly expandMaxDepth: number;
  private readonly checkpointBytes: number;
  /** reference fields between collections, and the target -> referrers index on_delete and expand read */
  private reverse: ReverseReferenceIndex;
  private readonly onWarning: (message: string) => void;
  private readonly commitFeed: CommitFeed | undefined;
  private checkpointRunning: Promise<{ lsn: number }> | null = null;
  private closed = false;
  private failure: AeroError | null = null;

  constructor(options: OpenDatabaseOptions, storage: Storage, store: DocStore, onWarning: (message: string) => void) {
    this.dir = options.dir;
    this.storage = storage;
    this.store = store;
    this.maxLimit = options.maxLimit ?? 1000;
    this.expandMaxDepth = options.expandMaxDepth ?? DEFAULT_EXPAND_MAX_DEPTH;
    this.checkpointBytes = (options.checkpointWalMb ?? 64) * MIB;
    this.onWarning = onWarning;
    this.commitFeed = options.commitFeed;
    for (const schema of SYSTEM_COLLECTION_SCHEMAS) {
      this.runtimes.set(schema.collection, buildRuntime(schema, this.docsOf(schema.collection), this.catalog));
    }
    for (const schema of this.appliedSchemasFromStore()) {
      this.runtimes.set(schema.collection, buildRuntime(schema, this.docsOf(schema.collection), this.catalog));
    }
    this.reverse = this.buildReverseIndex();
  }

  get lsn(): number {
    return this.storage.lastLsn;
  }

  /** Without an operation log (options.oplog absent); ObservedDatabase serves it otherwise. */
  readonly oplog = null;

  /** The service caller is this database itself; any other caller gets a view whose every call is RLS-checked here. */
  withContext(ctx: CallContext): Database {
    return ctx.caller.kind === 'service' ? this : new CallerDatabase(this, ctx);
  }

  // ---------------------------------------------------------------- reads

  async get(collection: string, id: string, options: GetOptions = {}, caller: Caller = SERVICE): Promise<Doc | null> {
    return (await this.getWithMeta(collection, id, options, caller)).data;
  }

  // Not async: a GET by id is the hottest read, and without a pending write it needs no microtask
  // of its own. Failures still come back as rejections.
  getWithMeta(collection: string, id: string, options: GetOptions = {}, caller: Caller = SERVICE): Promise<GetResult> {
    try {
      this.assertUsable();
      const runtime = this.readableRuntime(collection, caller);
      if (typeof id !== 'string' || id === '') throw new AeroError('AERO_QUERY_INVALID', `_id must be a non-empty string, got ${JSON.stringify(id)}`, { details: { field: '_id' } });
      // a policy that grants no read is 403; a document outside the grant is simply not found (404)
      const grant = caller.kind === 'service' ? undefined : grantFor(runtime.schema, 'read', caller);
      const nodes = this.expandTree(collection, options.expand, undefined);
      const barrier = this.readBarrier();
      if (barrier !== undefined) return barrier.then(() => this.readById(collection, id, grant, nodes, options, caller));
      return Promise.resolve(this.readById(collection, id, grant, nodes, options, caller));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private readById(collection: string, id: string, grant: ReturnType<typeof grantFor> | undefined, nodes: ReturnType<AeroDatabase['expandTree']>, options: GetOptions, caller: Caller): GetResult {
    const stored = this.store.get(collection)?.get(id);
    const doc = stored !== undefined && (grant === undefined || grantCovers(grant, stored)) ? stored : null;
    const found = doc ? [doc] : [];
    const { docs, cost } = this.expand(found, found, nodes, options, caller);
    return {
      data: docs[0] ?? null,
      queries_executed: cost.queries_executed,
      documents_fetched: cost.documents_fetched,
      expanded_hidden: cost.expanded_hidden,
      lsn: this.storage.lastLsn,
    };
  }

  async find(collection: string, query: Query, options: ReadOptions = {}, caller: Caller = SERVICE): Promise<FindResult> {
    this.assertUsable();
    const runtime = this.readableRuntime(collection, caller);
    const rls = readScope(runtime.schema, caller);
    const nodes = this.expandTree(collection, query?.expand, undefined);
    const barrier = this.readBarrier();
    if (barrier !== undefined) await barrier;
    return this.findResult(executeQueryPage(this.queryContext(collection, runtime, rls), query), nodes, options, caller);
  }

  async findProjection(name: string, query: Query, options: ReadOptions = {}, caller: Caller = SERVICE): Promise<FindResult> {
    this.assertUsable();
    const { runtime, ctx, merged, expandRoots } = this.projectionContext(name, query, caller);
    const nodes = this.expandTree(runtime.schema.collection, merged.expand, expandRoots);
    const barrier = this.readBarrier();
    if (barrier !== undefined) await barrier;
    return this.findResult(executeQueryPage({ ...ctx, docs: this.store.get(ctx.collection) ?? EMPTY_DOCS }, merged), nodes, options, caller);
  }

  async explainProjection(name: string, query: Query, options: { analyze?: boolean } = {}, caller: Caller = SERVICE): Promise<Explain> {
    this.assertUsable();
    const { ctx, merged } = this.projectionContext(name, query, caller);
    const barrier = this.readBarrier();
    if (barrier !== undefined) await barrier;
    return explainQuery({ ...ctx, docs: this.store.get(ctx.collection) ?? EMPTY_DOCS }, merged, { analyze: options.analyze ?? false });
  }

  async explain(collection: string, query: Query, options: { analyze?: boolean } = {}, caller: Caller = SERVICE): Promise<Explain> {
    this.assertUsable();
    const runtime = this.readableRuntime(collection, caller);
    const rls = readScope(runtime.schema, caller);
    const barrier = this.readBarrier();
    if (barrier !== undefined) await barrier;
    return explainQuery(this.queryContext(collection, runtime, rls), query, { analyze: options.analyze ?? false });
  }

  schemas(): AppliedSchema[] {
    return this.appliedSchemasFromStore();
  }

  schema(collection: string): AppliedSchema | undefined {
    if (typeof collection !== 'string' || collection.startsWith(SYSTEM_PREFIX)) return undefined;
    // the stored form, as schemas() and a reopened database give it (same keys, same order)
    const doc = this.store.get(SYSTEM_SCHEMAS)?.get(collection);
    if (doc === undefined) return undefined;
    const { _id: _ignored, ...schema } = doc as Doc & AppliedSchema;
    return Object.freeze(schema) as AppliedSchema;
  }

  stats(): DatabaseStats {
    const collections = [...this.runtimes.keys()].sort().map((name) => {
      const runtime = this.runtimes.get(name)!;
      return {
        name,
        documents: this.store.get(name)?.size ?? 0,
        schema_version: runtime.schema.schema_version,
        indexes: ['_id', ...(runtime.schema.indexes ?? []).map((index) => index.name)],
      };
    });
    return {
      lsn: this.storage.lastLsn,
      durable_lsn: this.storage.durableLsn,
      checkpoint_lsn: this.storage.checkpointLsn,
      wal_bytes: this.storage.walBytesSinceCheckpoint(),
      collections,
    };
  }

  // ---------------------------------------------------------------- writes

  insert(collection: string, doc: NewDoc): Promise<WriteResult<Doc>>;
  insert(collection: string, docs: NewDoc[]): Promise<WriteResult<Doc[]>>;
  insert(collection: string, input: NewDoc | NewDoc[]): Promise<WriteResult<Doc> | WriteResult<Doc[]>> {
    return this.insertAs(collection, input, SERVICE);
  }

  async insertAs(collection: string, input: NewDoc | NewDoc[], caller: Caller): Promise<WriteResult<Doc> | WriteResult<Doc[]>> {
    this.assertUsable();
    const runtime = this.writableRuntime(collection, caller);
    const many = Array.isArray(input);
    // RLS before anything else: the create policy, then each document's owner (stamped when left out)
    const inputs = stampOwners(runtime.schema, caller, many ? input : [input], many);
    if (many && inputs.length === 0) throw new AeroError('AERO_VALIDATION_FAILED', `bulk insert into "${collection}" got an empty array`, { hint: 'Send at least one document.' });
    if (inputs.length > DEFAULT_MAX_BATCH) {
      throw new AeroError('AERO_LIMIT_BATCH_TOO_LARGE', `bulk insert into "${collection}" has ${inputs.length} documents; the limit is ${DEFAULT_MAX_BATCH}`, { details: { count: inputs.length, limit: DEFAULT_MAX_BATCH } });
    }
    const docs = this.store.get(collection);
    // ids of the unit so far (a single insert has no other document to clash with)
    const seen = many ? new Set<string>() : undefined;
    const prepared: Doc[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const raw = inputs[i];
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new AeroError('AERO_VALIDATION_FAILED', `document ${many ? `#${i} ` : ''}for "${collection}" must be a JSON object`, { details: { index: i } });
      }
      const id = raw._id === undefined ? this.ids.next() : raw._id;
      if (typeof id !== 'string' || id === '') {
        throw new AeroError('AERO_VALIDATION_FAILED', `_id of document ${many ? `#${i} ` : ''}in "${collection}" must be a non-empty string`, { details: { index: i, errors: [{ pointer: '/_id', rule: 'type', received: typeof id }] } });
      }
      if (docs?.has(id) || seen?.has(id)) {
        throw new AeroError('AERO_VALIDATION_DUPLICATE_ID', `a document with _id "${id}" already exists in "${collection}"`, { details: { collection, _id: id, index: i } });
      }
      if (seen) {
        seen.add(id);
        prepared.push(withIndex(() => runtime.compiled.validateInsertWithId(raw, id), i));
      } else {
        prepared.push(runtime.compiled.validateInsertWithId(raw, id));
      }
    }
    if (runtime.indexes.hasUnique) runtime.indexes.checkWrites(prepared.map((next) => ({ old: undefined, next })));
    // the unit's own documents count as existing targets (a bulk insert may reference itself)
    const inUnit = (id: string): boolean => (seen ? seen.has(id) : id === prepared[0]!._id);
    checkReferenceTargets(this.reverse.graph, collection, prepared, (target, id) => (target === collection && inUnit(id)) || this.exists(target, id), many);
    const lsn = this.commit(
      prepared.map((d) => ({ o: 'put', c: collection, d })),
      prepared.map((next) => ({ collection, runtime, old: undefined, next })),
    );
    await this.durable(lsn);
    return many ? { data: prepared, lsn } : { data: prepared[0]!, lsn };
  }

  async update(collection: string, id: string, patch: Record<string, unknown>, caller: Caller = SERVICE): Promise<WriteResult<Doc>> {
    this.assertUsable();
    const runtime = this.writableRuntime(collection, caller);
    // the policy first (403 whether or not the document exists), then the stored document's owner
    if (caller.kind !== 'service') grantFor(runtime.schema, 'update', caller);
    const old = this.existing(collection, id);
    assertWritable(runtime.schema, caller, 'update', old);
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new AeroError('AERO_VALIDATION_FAILED', `update of "${collection}/${id}" needs a JSON object patch`);
    }
    const merged = mergePatch(old, patch) as NewDoc & { _id: string };
    assertOwnerKept(runtime.schema, caller, 'update', old, merged);
    const next = runtime.compiled.validateReplace(merged);
    return this.writeReplacement(collection, runtime, old, next);
  }

  async replace(collection: string, id: string, doc: NewDoc, caller: Caller = SERVICE): Promise<WriteResult<Doc>> {
    this.assertUsable();
    const runtime = this.writableRuntime(collection, caller);
    if (caller.kind !== 'service') grantFor(runtime.schema, 'update', caller);
    const old = this.existing(collection, id);
    assertWritable(runtime.schema, caller, 'update', old);
    const body = keepOwner(runtime.schema, caller, old, this.bodyWithId(collection, id, doc));
    assertOwnerKept(runtime.schema, caller, 'replace', old, body);
    const next = runtime.compiled.validateReplace(body);
    return this.writeReplacement(collection, runtime, old, next);
  }

  async upsert(collection: string, id: string, doc: NewDoc, options: { on_conflict: 'replace' | 'merge' | 'error' }, caller: Caller = SERVICE): Promise<UpsertResult> {
    this.assertUsable();
    const runtime = this.writableRuntime(collection, caller);
    const onConflict = options?.on_conflict;
    if (onConflict !== 'replace' && onConflict !== 'merge' && onConflict !== 'error') {
      throw new AeroError('AERO_QUERY_INVALID', `on_conflict must be replace, merge or error, got ${JSON.stringify(onConflict)}`, { details: { field: 'on_conflict' } });
    }
    // both branches' policies, before the branch is known (the answer never depends on existence)
    if (caller.kind !== 'service') {
      grantFor(runtime.schema, 'create', caller);
      if (onConflict !== 'error') grantFor(runtime.schema, 'update', caller);
    }
    const body = this.bodyWithId(collection, id, doc);
    const old = this.store.get(collection)?.get(id);
    if (!old) {
      const result = (await this.insertAs(collection, body, caller)) as WriteResult<Doc>;
      return { ...result, created: true };
    }
    if (onConflict === 'error') {
      throw new AeroError('AERO_QUERY_CONFLICT', `"${collection}/${id}" already exists (on_conflict=error)`, { details: { collection, _id: id } });
    }
    assertWritable(runtime.schema, caller, 'update', old);
    const merged = onConflict === 'merge' ? (mergePatch(old, body) as NewDoc & { _id: string }) : keepOwner(runtime.schema, caller, old, body);
    assertOwnerKept(runtime.schema, caller, onConflict === 'merge' ? 'update' : 'replace', old, merged);
    const next = runtime.compiled.validateReplace(merged);
    const result = await this.writeReplacement(collection, runtime, old, next);
    return { ...result, created: false };
  }

  async delete(collection: string, id: string, caller: Caller = SERVICE): Promise<WriteResult<{ _id: string }>> {
    this.assertUsable();
    const runtime = this.writableRuntime(collection, caller);
    if (caller.kind !== 'service') grantFor(runtime.schema, 'delete', caller);
    const old = this.existing(collection, id);
    // on_delete consequences (cascade, set_null) follow the schema, not the caller's policies
    assertWritable(runtime.schema, caller, 'delete', old);
    // the cascade closure, restrict check and set_null replacements, before anything changes
    const plan = planDelete({ collection, doc: old }, this.reverse, (c, docId) => this.store.get(c)?.get(docId));
    const changes: DocChange[] = [
      ...plan.deletes.map((d) => ({ collection: d.collection, runtime: this.runtimeFor(d.collection), old: d.doc, next: undefined })),
      ...plan.nulled.map((n) => ({ collection: n.collection, runtime: this.runtimeFor(n.collection), old: n.old, next: deepFreeze(n.next) })),
    ];
    for (const [name, unit] of groupByCollection(changes)) this.runtimeFor(name).indexes.checkWrites(unit);
    const walOps: WalOp[] = changes.map((c) => (c.next ? { o: 'put', c: c.collection, d: c.next } : { o: 'del', c: c.collection, id: c.old!._id }));
    const lsn = this.commit(walOps, changes);
    await this.durable(lsn);
    return { data: { _id: id }, lsn, cascaded: plan.cascaded, set_null: plan.set_null };
  }

  async applySchemaOps(ops: SchemaOp[], options: ApplySchemaOpsOptions = {}): Promise<SchemaOpsResult> {
    this.assertUsable();
    if (!Array.isArray(ops)) throw new AeroError('AERO_SCHEMA_INVALID', 'schema operations must be an array', { details: { pointer: '' } });
    const current = new Map(this.appliedSchemasFromStore().map((schema) => [schema.collection, schema] as const));
    const plan = planSchemaOps(ops, { schemas: current, docs: (collection) => this.sortedDocs(collection) }, this.catalog);
    const walOps: WalOp[] = [...plan.walOps];
    for (const { collection, doc } of options.alsoWrite ?? []) {
      assertSystem(collection);
      walOps.push({ o: 'put', c: collection, d: deepFreeze(structuredClone(doc)) });
    }
    for (const { collection, id } of options.alsoDelete ?? []) {
      assertSystem(collection);
      walOps.push({ o: 'del', c: collection, id });
    }
    const frozen = freezeOps(walOps);

    // Apply onto a copy-on-write view first: building the new indexes may still fail (unique
    // violations), and nothing may be half-applied.
    const staged = stageWalOps(this.store, frozen);
    const touched = new Set<string>([...plan.changed, ...staged.keys()]);
    const newRuntimes = new Map<string, CollectionRuntime | null>();
    for (const name of [...touched].sort()) {
      if (name.startsWith(SYSTEM_PREFIX)) continue;
      const schema = plan.schemas.get(name);
      if (!schema) {
        newRuntimes.set(name, null);
        continue;
      }
      const docs = staged.get(name) ?? this.store.get(name) ?? new Map<string, Doc>();
      newRuntimes.set(name, buildRuntime(schema, docs.values(), this.catalog));
    }
    for (const name of [...touched].filter((n) => n.startsWith(SYSTEM_PREFIX))) {
      const runtime = this.runtimes.get(name);
      const docs = staged.get(name);
      if (runtime && docs) newRuntimes.set(name, buildRuntime(runtime.schema, docs.values(), this.catalog));
    }

    const lsn = this.storage.append({ ops: frozen });
    for (const [name, docs] of staged) {
      if (docs === null) this.store.delete(name);
      else this.store.set(name, docs);
    }
    for (const [name, runtime] of newRuntimes) {
      if (runtime === null) {
        this.runtimes.delete(name);
        this.catalog.evict(name);
      } else this.runtimes.set(name, runtime);
    }
    // references may have been added, changed, renamed or dropped: derive them again from the new state
    this.reverse = this.buildReverseIndex();
    await this.durable(lsn);
    return { lsn, collections: [...plan.changed].sort() };
  }

  // ---------------------------------------------------------------- lifecycle

  async checkpoint(): Promise<{ lsn: number }> {
    this.assertUsable();
    if (this.checkpointRunning) return this.checkpointRunning;
    const run = (async () => {
      await this.storage.waitDurable(this.storage.lastLsn);
      // Stored documents are immutable, so an array of references taken in one synchronous step
      // is a consistent snapshot at this LSN while writes continue.
      const lsn = this.storage.lastLsn;
      // In _id order (the primary index's), so the next open finds its documents already sorted.
      const collections = [...this.store.keys()].sort().map((name) => ({ name, docs: [...(this.runtimes.get(name)?.indexes.primary.tree.values() ?? this.store.get(name)!.values())] }));
      await this.storage.writeCheckpoint({ lsn, collections });
      return { lsn };
    })();
    this.checkpointRunning = run;
    try {
      return await run;
    } finally {
      this.checkpointRunning = null;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.checkpointRunning) await this.checkpointRunning.catch(() => undefined);
    await this.storage.close();
  }

  // ---------------------------------------------------------------- internals

  /**
   * Appends the unit to the WAL (assigning its LSN) and applies its changes in memory in the same
   * tick: the store, the ordered and text indexes, and the reverse-reference index.
   */
  private commit(ops: WalOp[], changes: readonly DocChange[]): number {
    const lsn = this.storage.append({ ops });
    for (const { collection, runtime, old, next } of changes) {
      const docs = this.collectionStore(collection);
      if (next) docs.set(next._id, next);
      else docs.delete(old!._id);
      runtime.indexes.apply(old, next);
      runtime.text.apply(old, next);
      this.reverse.apply(collection, old, next);
    }
    if (this.commitFeed?.listening) this.commitFeed.publish(lsn, changes, this.storage.waitDurable(lsn));
    return lsn;
  }

  // (then-chained, not async: one promise fewer on every write's path)
  private durable(lsn: number): Promise<void> {
    return this.storage.waitDurable(lsn).then(
      () => this.maybeCheckpoint(),
      (error: unknown) => {
        // The in-memory state now holds a write the disk may not: stop serving until reopened.
        this.failure = error instanceof AeroError ? error : new AeroError('AERO_WAL_WRITE_FAILED', `WAL write failed: ${String(error)}`, { cause: error });
        throw this.failure;
      },
    );
  }

  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointRunning || this.storage.walBytesSinceCheckpoint() < this.checkpointBytes) return;
    this.checkpoint().catch((error: unknown) => this.onWarning(`automatic checkpoint failed: ${String(error)}`));
  }

  /** Reads never observe a write that is not yet durable: wait for the pending group commit. */
  /** What a read waits for first: committed writes still being made durable; usually nothing (not even a microtask). */
  private readBarrier(): Promise<void> | undefined {
    const last = this.storage.lastLsn;
    return last > this.storage.durableLsn ? this.storage.waitDurable(last) : undefined;
  }

  private writeReplacement(collection: string, runtime: CollectionRuntime, old: Doc, next: Doc): Promise<WriteResult<Doc>> {
    runtime.indexes.checkWrites([{ old, next }]);
    checkReferenceTargets(this.reverse.graph, collection, [next], (target, id) => this.exists(target, id), false);
    const lsn = this.commit([{ o: 'put', c: collection, d: next }], [{ collection, runtime, old, next }]);
    return this.durable(lsn).then(() => ({ data: next, lsn }));
  }

  private exists(collection: string, id: string): boolean {
    return this.store.get(collection)?.has(id) === true;
  }

  private buildReverseIndex(): ReverseReferenceIndex {
    const reverse = new ReverseReferenceIndex(new ReferenceGraph(this.appliedSchemasFromStore()));
    reverse.build((collection) => this.docsOf(collection));
    return reverse;
  }

  private expandTree(collection: string, expand: unknown, allowedRoots: ReadonlySet<string> | undefined): ExpandNode[] {
    if (expand === undefined) return [];
    if (!Array.isArray(expand) || expand.some((p) => typeof p !== 'string')) {
      throw new AeroError('AERO_QUERY_INVALID', `"expand" must be an array of field paths like ["author_id", "comments.author_id"]`, { details: { field: null, key: 'expand' } });
    }
    const rules = allowedRoots ? { maxDepth: this.expandMaxDepth, allowedRoots } : { maxDepth: this.expandMaxDepth };
    return parseExpandPaths((c) => this.runtimes.get(c)?.schema, collection, expand as string[], rules);
  }

  /** Expands a page and returns it with the read's exact cost (the main lookup included). */
  private expand(returned: readonly Doc[], stored: readonly Doc[], nodes: readonly ExpandNode[], options: ReadOptions, caller: Caller): { docs: Doc[]; cost: ExpandCost } {
    const main: ExpandCost = { queries_executed: 1, documents_fetched: stored.length, expanded_hidden: 0 };
    if (nodes.length === 0) return { docs: [...returned], cost: main };
    // every expanded document passes the caller's read policy of its collection (and the caller's own predicate)
    const rls = visibilityFor(caller, (c) => this.runtimes.get(c)?.schema);
    const own = options.visible;
    const visible = rls === undefined ? (own ?? ALL_VISIBLE) : own === undefined ? rls : (c: string, d: Doc) => own(c, d) && rls(c, d);
    const { docs, cost } = expandDocs(returned, stored, nodes, {
      docsOf: (c) => this.store.get(c),
      reverse: this.reverse,
      visible,
    });
    return {
      docs,
      cost: {
        queries_executed: main.queries_executed + cost.queries_executed,
        documents_fetched: main.documents_fetched + cost.documents_fetched,
        expanded_hidden: cost.expanded_hidden,
      },
    };
  }

  private findResult(page: { result: QueryResult; stored: Doc[] }, nodes: readonly ExpandNode[], options: ReadOptions, caller: Caller): FindResult {
    const { result } = page;
    const { docs, cost } = this.expand(result.docs, page.stored, nodes, options, caller);
    // key order: data, next_cursor, count (only when asked), explain, then the cost and the LSN
    // Object.assign, not a spread of the head: see withHead in query/explain-builder.ts
    const head: Pick<FindResult, 'data' | 'next_cursor' | 'count'> = result.count === undefined
      ? { data: docs, next_cursor: result.next_cursor }
      : { data: docs, next_cursor: result.next_cursor, count: result.count };
    return Object.assign(head, {
      explain: result.explain,
      documents_scanned: result.documents_scanned,
      queries_executed: cost.queries_executed,
      documents_fetched: cost.documents_fetched,
      expanded_hidden: cost.expanded_hidden,
      lsn: this.storage.lastLsn,
    });
  }

  private projectionContext(name: string, query: Query, caller: Caller): { runtime: CollectionRuntime; ctx: QueryContext; merged: Query; expandRoots: Set<string> } {
    const projection = resolveProjection(this.appliedSchemasFromStore(), name);
    const runtime = this.runtimeFor(projection.collection);
    // the source collection's read policy applies to its projections
    const rls = readScope(runtime.schema, caller);
    const { query: merged, expandRoots } = projectionQuery(projection, runtime.schema, query);
    const ctx: QueryContext = { ...this.queryContext(projection.collection, runtime, rls), projection: projection.def.name };
    return { runtime, ctx, merged, expandRoots };
  }

  private bodyWithId(collection: string, id: string, doc: NewDoc): NewDoc & { _id: string } {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new AeroError('AERO_VALIDATION_FAILED', `document for "${collection}/${id}" must be a JSON object`);
    }
    if (doc._id !== undefined && doc._id !== id) {
      throw new AeroError('AERO_VALIDATION_ID_MISMATCH', `body _id ${JSON.stringify(doc._id)} differs from "${id}" in the path`, { details: { path_id: id, body_id: doc._id } });
    }
    return { ...doc, _id: id };
  }

  private existing(collection: string, id: string): Doc {
    const doc = typeof id === 'string' ? this.store.get(collection)?.get(id) : undefined;
    if (!doc) throw new AeroError('AERO_NOT_FOUND', `no document "${id}" in "${collection}"`, { details: { collection, _id: id } });
    return doc;
  }

  private runtimeFor(collection: string): CollectionRuntime {
    const runtime = typeof collection === 'string' ? this.runtimes.get(collection) : undefined;
    if (!runtime) {
      throw new AeroError('AERO_SCHEMA_UNKNOWN_COLLECTION', `collection "${String(collection)}" does not exist`, {
        details: { collection, known: [...this.runtimes.keys()].filter((n) => !n.startsWith(SYSTEM_PREFIX)).sort() },
      });
    }
    return runtime;
  }

  private writableRuntime(collection: string, caller: Caller): CollectionRuntime {
    if (typeof collection === 'string' && collection.startsWith(SYSTEM_PREFIX)) {
      if (caller.kind !== 'service') throw systemDenied(collection, caller);
      throw new AeroError('AERO_QUERY_READ_ONLY', `"${collection}" is a read-only system collection`, { details: { collection } });
    }
    return this.runtimeFor(collection);
  }

  /** System collections are the service caller's only (403 for anyone else, before "does it exist"). */
  private readableRuntime(collection: string, caller: Caller): CollectionRuntime {
    if (caller.kind !== 'service' && typeof collection === 'string' && collection.startsWith(SYSTEM_PREFIX)) throw systemDenied(collection, caller);
    return this.runtimeFor(collection);
  }

  private queryContext(collection: string, runtime: CollectionRuntime, rls?: RlsRead): QueryContext {
    const ctx: QueryContext = {
      collection,
      schema: runtime.schema,
      docs: this.store.get(collection) ?? EMPTY_DOCS,
      indexes: runtime.indexes,
      maxLimit: this.maxLimit,
      text: runtime.text,
    };
    if (rls !== undefined) ctx.rls = rls;
    return ctx;
  }

  private collectionStore(collection: string): Map<string, Doc> {
    let docs = this.store.get(collection);
    if (!docs) {
      docs = new Map();
      this.store.set(collection, docs);
    }
    return docs;
  }

  private docsOf(collection: string): Iterable<Doc> {
    return this.store.get(collection)?.values() ?? [];
  }

  private sortedDocs(collection: string): Doc[] {
    return [...this.docsOf(collection)].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  private appliedSchemasFromStore(): AppliedSchema[] {
    const docs = this.store.get(SYSTEM_SCHEMAS);
    if (!docs) return [];
    return [...docs.values()]
      .map((doc) => {
        const { _id: _ignored, ...schema } = doc as Doc & AppliedSchema;
        return schema as AppliedSchema;
      })
      .sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : 0));
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new AeroError('AERO_STORAGE_CLOSED', `the database at ${this.dir} is closed`);
  }
}

const EMPTY_DOCS: ReadonlyMap<string, Doc> = new Map();

function groupByCollection(changes: readonly DocChange[]): Map<string, Array<{ old: Doc | undefined; next: Doc | undefined }>> {
  const out = new Map<string, Array<{ old: Doc | undefined; next: Doc | undefined }>>();
  for (const { collection, old, next } of changes) {
    let unit = out.get(collection);
    if (!unit) out.set(collection, (unit = []));
    unit.push({ old, next });
  }
  return out;
}

function assertSystem(collection: string): void {
  if (!collection.startsWith(SYSTEM_PREFIX)) {
    throw new AeroError('AERO_SCHEMA_INVALID', `alsoWrite/alsoDelete may only target _system.* collections, got "${collection}"`);
  }
}

/** Applies ops to copies of the touched collections' maps; null marks a dropped collection. */
function stageWalOps(store: DocStore, ops: readonly WalOp[]): Map<string, Map<string, Doc> | null> {
  const staged = new Map<string, Map<string, Doc> | null>();
  const view: DocStore = new Map(store);
  const own = (name: string): Map<string, Doc> => {
    const existing = staged.get(name);
    if (existing) return existing;
    const copy = new Map(view.get(name) ?? []);
    staged.set(name, copy);
    view.set(name, copy);
    return copy;
  };
  for (const op of ops) {
    switch (op.o) {
      case 'put':
        own(op.c).set(op.d._id, op.d);
        break;
      case 'del':
        own(op.c).delete(op.id);
        break;
      case 'drop':
        staged.set(op.c, null);
        view.delete(op.c);
        break;
      case 'move': {
        const moved = view.get(op.from) ?? new Map<string, Doc>();
        staged.set(op.from, null);
        view.delete(op.from);
        const copy = new Map(moved);
        staged.set(op.to, copy);
        view.set(op.to, copy);
        break;
      }
    }
  }
  return staged;
}

function withIndex<T>(fn: () => T, index: number | undefined): T {
  try {
    return fn();
  } catch (error) {
    if (index !== undefined && error instanceof AeroError) {
      throw new AeroError(error.code, `document #${index}: ${error.message}`, { details: { ...error.details, index }, hint: error.hint });
    }
    throw error;
  }
}

function freezeOps(ops: WalOp[]): WalOp[] {
  for (const op of ops) if (op.o === 'put') deepFreeze(op.d);
  return ops;
}
