// Model-based property test at the Database level (openDatabase on real files): a random schema,
// then random inserts (single and bulk), updates, replaces, upserts, deletes, gets, paged finds,
// index adds/drops, checkpoints and close+reopen, every result compared with a naive in-memory
// reference (reference-model.ts). Rejected queries (explain accepted:false) are skipped, but the
// generators must keep most queries plannable.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import type { CollectionSchema, FieldDef, Query } from '../../../src/engine/types.js';
import { COLLECTION, EXTRA_INDEX, ID_POOL, scenarioArb, type SchemaPlan, type Step } from './property-arbitraries.js';
import { compare, ReferenceCollection, type Row } from './reference-model.js';
import { TempDirs } from './temp-dirs.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

const temp = new TempDirs();
afterEach(() => temp.removeAll());

interface Tally {
  queries: number;
  accepted: number;
  scans: Record<string, number>;
  paged: number;
  writes: Record<string, number>;
  reopens: number;
  checkpoints: number;
  changedBetweenPages: number;
}

/** The outcome the model predicts for a write: an error code, or the documents to put / delete. */
type Expected = { code: string } | { puts: Row[]; del?: string };

function schemaOf(plan: SchemaPlan): CollectionSchema {
  const fields: Record<string, FieldDef> = { _id: { type: 'string', required: true } };
  for (const f of plan.fields) {
    const def: FieldDef = { type: f.type };
    if (f.required) def.required = true;
    if (f.nullable) def.nullable = true;
    if (f.default !== undefined) def.default = f.default;
    fields[f.name] = def;
  }
  return { collection: COLLECTION, fields, indexes: plan.indexes.map((ix) => ({ name: ix.name, fields: ix.fields, ...(ix.unique ? { unique: true } : {}) })) };
}

class Run {
  db!: Database;
  readonly model: ReferenceCollection;
  readonly warnings: string[] = [];

  constructor(
    readonly dir: string,
    readonly plan: SchemaPlan,
    readonly tally: Tally,
  ) {
    this.model = new ReferenceCollection(plan.fields, plan.indexes.map((ix) => ({ ...ix })));
  }

  async open(): Promise<void> {
    // small segments: runs roll over to new WAL segments (and checkpoints remove old ones)
    this.db = await openDatabase({ dir: this.dir, fsync: false, walSegmentBytes: 4096, onWarning: (m) => this.warnings.push(m) });
  }

  async step(step: Step): Promise<void> {
    switch (step.kind) {
      case 'get': {
        const got = await this.db.get(COLLECTION, step.id);
        expect(JSON.stringify(got)).toBe(JSON.stringify(this.model.docs.get(step.id) ?? null));
        return;
      }
      case 'find':
        return this.find(step);
      case 'reopen': {
        const lsn = this.db.lsn;
        await this.db.close();
        await this.open();
        this.tally.reopens++;
        expect(this.db.lsn).toBe(lsn);
        return this.verifyAll();
      }
      case 'checkpoint': {
        const { lsn } = await this.db.checkpoint();
        expect(lsn).toBe(this.db.lsn);
        this.tally.checkpoints++;
        return;
      }
      case 'add_extra_index':
      case 'drop_extra_index':
        return this.schemaStep(step.kind);
      default:
        return this.write(step);
    }
  }

  private expectedWrite(step: Step): Expected {
    const m = this.model;
    const docs = m.docs;
    const finish = (puts: Row[], del?: string): Expected => {
      const state = new Map(docs);
      if (del !== undefined) state.delete(del);
      puts.forEach((p, i) => state.set((p._id as string | undefined) ?? `@generated${i}`, p));
      return m.uniqueViolated(state) ? { code: 'AERO_VALIDATION_UNIQUE' } : { puts, ...(del === undefined ? {} : { del }) };
    };
    switch (step.kind) {
      case 'insert':
      case 'bulk': {
        const inputs = step.kind === 'insert' ? [step.doc] : step.docs;
        const seen = new Set<string>();
        const puts: Row[] = [];
        for (const [i, raw] of inputs.entries()) {
          const id = raw._id as string | undefined;
          if (id !== undefined && (docs.has(id) || seen.has(id))) return { code: 'AERO_VALIDATION_DUPLICATE_ID' };
          if (id !== undefined) seen.add(id);
          const doc = m.withDefaults({ ...raw, _id: id ?? `@generated${i}` });
          if (!m.valid(doc)) return { code: 'AERO_VALIDATION_FAILED' };
          puts.push(id === undefined ? { ...doc, _id: undefined } : doc);
        }
        return finish(puts.map((p) => m.canonical(p)));
      }
      case 'update': {
        const old = docs.get(step.id);
        if (!old) return { code: 'AERO_NOT_FOUND' };
        const next = { ...old, ...step.patch };
        return m.valid(next) ? finish([m.canonical(next)]) : { code: 'AERO_VALIDATION_FAILED' };
      }
      case 'replace': {
        if (!docs.has(step.id)) return { code: 'AERO_NOT_FOUND' };
        const next = { ...step.doc, _id: step.id };
        return m.valid(next) ? finish([m.canonical(next)]) : { code: 'AERO_VALIDATION_FAILED' };
      }
      case 'upsert': {
        const old = docs.get(step.id);
        let next: Row;
        if (!old) next = m.withDefaults({ ...step.doc, _id: step.id });
        else if (step.onConflict === 'error') return { code: 'AERO_QUERY_CONFLICT' };
        else next = step.onConflict === 'merge' ? { ...old, ...step.doc } : { ...step.doc, _id: step.id };
        return m.valid(next) ? finish([m.canonical(next)]) : { code: 'AERO_VALIDATION_FAILED' };
      }
      case 'delete':
        return docs.has(step.id) ? finish([], step.id) : { code: 'AERO_NOT_FOUND' };
      default:
        throw new Error(`not a write: ${step.kind}`);
    }
  }

  private async perform(step: Step): Promise<{ data: unknown; lsn: number; created?: boolean }> {
    switch (step.kind) {
      case 'insert':
        return this.db.insert(COLLECTION, step.doc);
      case 'bulk':
        return this.db.insert(COLLECTION, step.docs);
      case 'update':
        return this.db.update(COLLECTION, step.id, step.patch);
      case 'replace':
        return this.db.replace(COLLECTION, step.id, step.doc);
      case 'upsert':
        return this.db.upsert(COLLECTION, step.id, step.doc, { on_conflict: step.onConflict });
      case 'delete':
        return this.db.delete(COLLECTION, step.id);
      default:
        throw new Error(`not a write: ${step.kind}`);
    }
  }

  private async write(step: Step): Promise<void> {
    const expected = this.expectedWrite(step);
    const lsnBefore = this.db.lsn;
    const existedBefore = step.kind === 'upsert' ? this.model.docs.has(step.id) : undefined;
    let result: { data: unknown; lsn: number; created?: boolean } | undefined;
    let error: unknown;
    try {
      result = await this.perform(step);
    } catch (e) {
      error = e;
    }
    if ('code' in expected) {
      expect(error, `${step.kind} should fail with ${expected.code}`).toBeInstanceOf(AeroError);
      expect((error as AeroError).code).toBe(expected.code);
      this.tally.writes[expected.code] = (this.tally.writes[expected.code] ?? 0) + 1;
      // nothing half-applied: no WAL unit, the same documents
      expect(this.db.lsn).toBe(lsnBefore);
      await this.verifyAll();
      return;
    }
    if (error) throw error;
    expect(result!.lsn).toBeGreaterThan(lsnBefore);
    expect(result!.lsn).toBe(this.db.lsn);
    this.tally.writes[`ok:${step.kind}`] = (this.tally.writes[`ok:${step.kind}`] ?? 0) + 1;
    if (expected.del !== undefined) {
      expect(result!.data).toEqual({ _id: expected.del });
      this.model.docs.delete(expected.del);
      return;
    }
    const returned = (Array.isArray(result!.data) ? result!.data : [result!.data]) as Row[];
    expect(returned).toHaveLength(expected.puts.length);
    expected.puts.forEach((put, i) => {
      const got = returned[i]!;
      // a generated _id is fresh: never one of the pool's, never an existing one
      const id = (put._id as string | undefined) ?? (got._id as string);
      if (put._id === undefined) {
        expect(typeof id).toBe('string');
        expect(ID_POOL).not.toContain(id);
        expect(this.model.docs.has(id)).toBe(false);
      }
      const doc = this.model.canonical({ ...put, _id: id });
      expect(JSON.stringify(got)).toBe(JSON.stringify(doc));
      this.model.docs.set(id, doc);
    });
    if (step.kind === 'upsert') expect(result!.created).toBe(!existedBefore);
  }

  private async schemaStep(kind: 'add_extra_index' | 'drop_extra_index'): Promise<void> {
    const m = this.model;
    const has = m.indexes.some((ix) => ix.name === EXTRA_INDEX);
    const extra = this.plan.extra;
    let code: string | undefined;
    if (kind === 'add_extra_index') code = has ? 'AERO_SCHEMA_INDEX_EXISTS' : m.uniqueViolated(m.docs, [extra]) ? 'AERO_VALIDATION_UNIQUE' : undefined;
    else code = has ? undefined : 'AERO_SCHEMA_UNKNOWN_INDEX';
    const op =
      kind === 'add_extra_index'
        ? { op: 'add_index' as const, collection: COLLECTION, index: { name: EXTRA_INDEX, fields: extra.fields, ...(extra.unique ? { unique: true } : {}) } }
        : { op: 'drop_index' as const, collection: COLLECTION, name: EXTRA_INDEX };
    const lsnBefore = this.db.lsn;
    let error: unknown;
    try {
      await this.db.applySchemaOps([op]);
    } catch (e) {
      error = e;
    }
    if (code) {
      expect(error).toBeInstanceOf(AeroError);
      expect((error as AeroError).code).toBe(code);
      expect(this.db.lsn).toBe(lsnBefore);
      this.tally.writes[code] = (this.tally.writes[code] ?? 0) + 1;
    } else {
      if (error) throw error;
      m.version++;
      m.indexes = kind === 'add_extra_index' ? [...m.indexes, { ...extra }] : m.indexes.filter((ix) => ix.name !== EXTRA_INDEX);
      this.tally.writes[`ok:${kind}`] = (this.tally.writes[`ok:${kind}`] ?? 0) + 1;
    }
    await this.verifyAll();
  }

  private async find(step: Extract<Step, { kind: 'find' }>): Promise<void> {
    const query = step.query;
    this.tally.queries++;
    const explain = await this.db.explain(COLLECTION, query);
    expect(explain.schema_version).toBe(this.model.version);
    if (!explain.accepted) {
      let code: string | undefined;
      try {
        await this.db.find(COLLECTION, query);
      } catch (e) {
        code = (e as AeroError).code;
      }
      expect(code).toBe(explain.rejection!.code);
      return;
    }
    this.tally.accepted++;
    this.tally.scans[explain.scan!] = (this.tally.scans[explain.scan!] ?? 0) + 1;
    const order = explain.sort!.order;
    // the result order: the requested sort, then (index key fields), then _id
    expect(order.slice(0, query.sort?.length ?? 0)).toEqual((query.sort ?? []).map((s) => [s.field, s.order]));
    expect(order.at(-1)![0]).toBe('_id');
    if (explain.scan !== 'OR_UNION' && explain.scan !== 'PK_LOOKUP') {
      for (const [field] of order.slice(query.sort?.length ?? 0, -1)) expect(explain.index_fields).toContain(field);
    }
    const limit = query.limit!;
    let rows = this.model.select(query, order);
    // count is the whole filter's total, whatever the cursor
    let total = rows.length;
    let cursor: string | undefined;
    let between = step.between;
    for (let offset = 0, page = 0; ; page++) {
      expect(page).toBeLessThan(60);
      const res = await this.db.find(COLLECTION, cursor === undefined ? query : { ...query, cursor });
      const expected = rows.slice(offset, offset + limit);
      expect(JSON.stringify(res.data)).toBe(JSON.stringify(expected.map((d) => this.model.project(d, query.fields))));
      if (query.count) expect(res.count).toBe(total);
      else expect(res.count).toBeUndefined();
      expect(JSON.stringify(res.explain)).toBe(JSON.stringify(explain));
      offset += res.data.length;
      expect(res.next_cursor === null).toBe(offset >= rows.length);
      if (res.next_cursor === null) break;
      if (page === 0) this.tally.paged++;
      cursor = res.next_cursor;
      if (between) {
        // keyset paging: after a change, the next page starts strictly after the last returned key
        const last = expected.at(-1)!;
        await this.step(between);
        between = undefined;
        this.tally.changedBetweenPages++;
        const all = this.model.select(query, order);
        total = all.length;
        rows = all.filter((row) => compareAlong(order, row, last) > 0);
        offset = 0;
      }
    }
  }

  /** The whole collection, its schema and its document count agree with the model. */
  async verifyAll(): Promise<void> {
    const all = await this.db.find(COLLECTION, { limit: 1000 });
    const ids = [...this.model.docs.keys()].sort();
    expect(JSON.stringify(all.data)).toBe(JSON.stringify(ids.map((id) => this.model.docs.get(id))));
    expect(all.next_cursor).toBeNull();
    const stats = this.db.stats().collections.find((c) => c.name === COLLECTION)!;
    expect(stats.documents).toBe(this.model.docs.size);
    const schema = this.db.schema(COLLECTION)!;
    expect(schema.schema_version).toBe(this.model.version);
    expect((schema.indexes ?? []).map((ix) => ix.name)).toEqual(this.model.indexes.map((ix) => ix.name));
  }
}

/** Compares two rows along a result order ([field, dir] pairs ending with _id). */
function compareAlong(order: ReadonlyArray<readonly [string, 'asc' | 'desc']>, a: Row, b: Row): number {
  for (const [field, dir] of order) {
    const c = compare(a[field], b[field]);
    if (c !== 0) return dir === 'asc' ? c : -c;
  }
  return 0;
}

describe('Database vs naive model', () => {
  test(`random schemas, writes, paged queries, checkpoints and reopens agree (${RUNS} runs)`, async () => {
    const tally: Tally = { queries: 0, accepted: 0, scans: {}, paged: 0, writes: {}, reopens: 0, checkpoints: 0, changedBetweenPages: 0 };
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ([plan, steps]) => {
        const run = new Run(temp.make('aerodb-prop-'), plan, tally);
        await run.open();
        try {
          await run.db.applySchemaOps([{ op: 'create_collection', schema: schemaOf(plan) }]);
          for (const step of steps) await run.step(step);
          await run.verifyAll();
          expect(run.warnings).toEqual([]);
        } finally {
          await run.db.close();
          temp.removeAll();
        }
      }),
      { numRuns: RUNS },
    );
    if (process.env.PROPERTY_TALLY) console.log(JSON.stringify(tally));
    // the generators must exercise real plans and every kind of outcome, not just rejections
    expect(tally.accepted / tally.queries).toBeGreaterThan(0.5);
    for (const scan of ['PK_LOOKUP', 'INDEX_EQ', 'INDEX_RANGE', 'INDEX_ORDER', 'OR_UNION']) expect(tally.scans[scan] ?? 0, scan).toBeGreaterThan(0);
    expect(tally.paged).toBeGreaterThan(0);
    expect(tally.reopens).toBeGreaterThan(0);
    expect(tally.checkpoints).toBeGreaterThan(0);
    expect(tally.changedBetweenPages).toBeGreaterThan(0);
    for (const outcome of ['ok:insert', 'ok:bulk', 'ok:update', 'ok:replace', 'ok:upsert', 'ok:delete', 'ok:add_extra_index', 'AERO_VALIDATION_UNIQUE', 'AERO_VALIDATION_DUPLICATE_ID', 'AERO_VALIDATION_FAILED', 'AERO_NOT_FOUND', 'AERO_QUERY_CONFLICT']) {
      expect(tally.writes[outcome] ?? 0, outcome).toBeGreaterThan(0);
    }
  }, 600_000);
});
