// Row-level security inside the engine, path by path: the predicate in the plan (explain), lists
// filtered before limit/cursor/count, get = not found, expand hiding, text search, projections,
// system collections, schema changes, a token without sub, and the oplog's user_id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { CallContext, Caller, Database } from '../../../src/engine/database-types.js';
import type { AeroError } from '../../../src/engine/errors/aero-error.js';
import type { CollectionSchema, Doc } from '../../../src/engine/types.js';

const FOLDERS: CollectionSchema = {
  collection: 'folders',
  fields: {
    _id: { type: 'string', required: true },
    owner_id: { type: 'string' },
    name: { type: 'string' },
  },
  rls: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'owner_id' },
};

const NOTES: CollectionSchema = {
  collection: 'notes',
  fields: {
    _id: { type: 'string', required: true },
    owner_id: { type: 'string' },
    kind: { type: 'string', required: true },
    n: { type: 'int', required: true },
    text: { type: 'string' },
    folder_id: { type: 'reference', target_collection: 'folders', target_field: '_id', on_delete: 'set_null', nullable: true },
  },
  indexes: [
    { name: 'kind_idx', fields: ['kind'] },
    { name: 'owner_kind', fields: ['owner_id', 'kind'] },
    { name: 'text_idx', type: 'text', fields: ['text'], config: { language: 'english' } },
  ],
  rls: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'owner_id' },
  projections: [{ name: 'kind_a_notes', fields: ['_id', 'n'], filter: { kind: 'a' } }],
};

const BOARD: CollectionSchema = {
  collection: 'board',
  fields: { _id: { type: 'string', required: true }, msg: { type: 'string' } },
  rls: { read: 'public', create: 'public' },
};

const ctx = (caller: Caller): CallContext => ({ caller, source: 'internal' });
const user = (sub: string | null): Caller => ({ kind: 'user', sub, role: 'authenticated' });
const ANON: Caller = { kind: 'anon' };

let dir: string;
let db: Database;
let u1: Database;
let u2: Database;
let anon: Database;

async function rejection(promise: Promise<unknown>): Promise<AeroError> {
  try {
    await promise;
  } catch (error) {
    return error as AeroError;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aerodb-rls-engine-'));
  db = await openDatabase({ dir, fsync: false, oplog: { flushIntervalMs: 5 } });
  await db.applySchemaOps([
    ...[FOLDERS, NOTES, BOARD].map((schema) => ({ op: 'create_collection' as const, schema })),
    { op: 'add_field', collection: 'folders', field: { name: 'notes', type: 'reverse_reference', source_collection: 'notes', source_field: 'folder_id', limit: 10 } },
  ]);
  u1 = db.withContext(ctx(user('u1')));
  u2 = db.withContext(ctx(user('u2')));
  anon = db.withContext(ctx(ANON));
  // 30 notes, owners alternating u1/u2 in _id order, kinds cycling a/b/c
  const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `n${String(i).padStart(2, '0')}`, owner_id: i % 2 === 0 ? 'u1' : 'u2', kind: 'abc'[i % 3]!, n: i, text: i % 2 === 0 ? 'apple pie' : 'apple tart' }));
  await db.insert('notes', docs);
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (docs: readonly Doc[]) => docs.map((d) => d._id);
const u1Ids = Array.from({ length: 15 }, (_, k) => `n${String(2 * k).padStart(2, '0')}`);

describe('the read predicate is part of the plan', () => {
  it('explain shows rls: applied with the owner predicate for a user, not applied for service', async () => {
    const user1 = await u1.explain('notes', { filter: { kind: 'a' }, limit: 5 });
    expect(user1.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    // the predicate bounds the scan: owner_kind is chosen over kind_idx
    expect(user1.index).toBe('owner_kind');
    expect(user1.bounds).toEqual({ owner_id: { eq: 'u1' }, kind: { eq: 'a' } });
    const service = await db.explain('notes', { filter: { kind: 'a' }, limit: 5 });
    expect(service.rls).toEqual({ applied: false, predicate: null });
    expect(service.index).toBe('kind_idx');
    // public read: applied, no predicate
    expect((await anon.explain('board', { limit: 5 })).rls).toEqual({ applied: true, predicate: null });
  });

  it('when the owner field cannot bound the scan it is a residual filter, still shown under rls', async () => {
    const explain = await u1.explain('notes', { sort: [{ field: '_id', order: 'desc' }], limit: 5 });
    expect(explain.scan).toBe('INDEX_ORDER');
    expect(explain.residual).toEqual([{ field: 'owner_id', op: 'eq', value: 'u1' }]);
    expect(explain.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    // identical output across runs
    expect(JSON.stringify(await u1.explain('notes', { sort: [{ field: '_id', order: 'desc' }], limit: 5 }))).toBe(JSON.stringify(explain));
  });

  it('an $or plan carries the predicate in every branch', async () => {
    const explain = await u1.explain('notes', { filter: { $or: [{ kind: 'a' }, { _id: 'n03' }] }, limit: 5 });
    expect(explain.scan).toBe('OR_UNION');
    expect(explain.rls?.applied).toBe(true);
    for (const branch of explain.branches ?? []) expect(branch.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    const result = await u1.find('notes', { filter: { $or: [{ kind: 'a' }, { _id: 'n03' }] }, limit: 50 });
    expect(ids(result.data)).toEqual(u1Ids.filter((id) => Number(id.slice(1)) % 3 === 0));
  });

  it('lists are filtered before limit and cursor: every page is full and the cursor walks only own documents', async () => {
    for (const sort of [undefined, [{ field: '_id', order: 'asc' as const }], [{ field: '_id', order: 'desc' as const }]]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await u1.find('notes', { limit: 4, ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) });
        seen.push(...ids(result.data));
        if (result.next_cursor === null) {
          expect(result.data.length).toBeLessThanOrEqual(4);
          break;
        }
        expect(result.data.length).toBe(4);
        cursor = result.next_cursor;
      }
      // without a sort the order is the chosen index's (owner_kind: kind, then _id)
      if (sort) expect(seen, JSON.stringify(sort)).toEqual(sort[0]!.order === 'desc' ? [...u1Ids].reverse() : u1Ids);
      expect([...seen].sort()).toEqual(u1Ids);
    }
  });

  it('count counts only what the caller may read', async () => {
    expect((await u1.find('notes', { limit: 1, count: true })).count).toBe(15);
    expect((await u1.find('notes', { filter: { kind: 'b' }, limit: 1, count: true })).count).toBe(5);
    expect((await db.find('notes', { limit: 1, count: true })).count).toBe(30);
  });

  it('a filter naming another owner finds nothing (the predicates AND)', async () => {
    expect((await u1.find('notes', { filter: { owner_id: 'u2' }, limit: 50 })).data).toEqual([]);
    expect(ids((await u1.find('notes', { filter: { owner_id: 'u1' }, limit: 50 })).data).sort()).toEqual(u1Ids);
  });

  it('text search filters by the predicate before its limit and explains it', async () => {
    const result = await u1.find('notes', { text_search: { query: 'apple', index: 'text_idx' }, limit: 4, count: true });
    expect(result.data.length).toBe(4);
    expect(result.count).toBe(15);
    expect(result.data.every((d) => d['owner_id'] === 'u1')).toBe(true);
    expect(result.explain.scan).toBe('TEXT');
    expect(result.explain.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    expect(result.explain.residual).toEqual([{ field: 'owner_id', op: 'eq', value: 'u1' }]);
  });

  it('projections apply the source collection read policy', async () => {
    const result = await u1.findProjection('kind_a_notes', { limit: 50 });
    expect(ids(result.data)).toEqual(u1Ids.filter((id) => Number(id.slice(1)) % 3 === 0));
    expect(result.explain.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    expect((await u1.explainProjection('kind_a_notes', { limit: 5 })).rls?.applied).toBe(true);
    expect((await rejection(anon.findProjection('kind_a_notes', { limit: 5 }))).code).toBe('AERO_RLS_DENIED');
  });
});

describe('get, expand and denied reads', () => {
  it('get of a document the caller may not read is null (404), with nothing fetched', async () => {
    expect(await u1.get('notes', 'n00')).toMatchObject({ _id: 'n00' });
    expect(await u1.get('notes', 'n01')).toBeNull();
    const meta = await u1.getWithMeta('notes', 'n01');
    expect(meta).toMatchObject({ data: null, documents_fetched: 0 });
    expect(await db.get('notes', 'n01')).toMatchObject({ _id: 'n01' });
  });

  it('a read policy that grants nothing is 403 for find, get, explain, naming collection, operation and policy', async () => {
    for (const call of [() => anon.find('notes', { limit: 5 }), () => anon.get('notes', 'n00'), () => anon.explain('notes', { limit: 5 })]) {
      const error = await rejection(call());
      expect(error.code).toBe('AERO_RLS_DENIED');
      expect(error.status).toBe(403);
      expect(error.message).toContain('read on "notes"');
      expect(error.message).toContain('"owner"');
      expect(error.details).toMatchObject({ collection: 'notes', operation: 'read', policy: 'owner', caller: 'anon' });
    }
  });

  it('a token without sub is signed in (authenticated policies) but owns nothing (owner policies: 403)', async () => {
    const nosub = db.withContext(ctx(user(null)));
    const error = await rejection(nosub.find('notes', { limit: 5 }));
    expect(error.code).toBe('AERO_RLS_DENIED');
    expect(error.message).toContain('no "sub" claim');
    expect((await rejection(nosub.insert('folders', { _id: 'f9', owner_id: 'u1' }))).code).toBe('AERO_RLS_DENIED');
    // create "authenticated": allowed, nothing to stamp
    expect((await nosub.insert('folders', { _id: 'f9', name: 'x' })).data).toEqual({ _id: 'f9', name: 'x' });
  });

  it('expanded documents the caller may not read are left out and counted in expanded_hidden', async () => {
    await db.insert('folders', [
      { _id: 'f1', owner_id: 'u1', name: 'mine' },
      { _id: 'f2', owner_id: 'u2', name: 'theirs' },
    ]);
    await db.update('notes', 'n00', { folder_id: 'f1' }); // u1's note in u1's folder
    await db.update('notes', 'n02', { folder_id: 'f2' }); // u1's note in u2's folder
    await db.update('notes', 'n01', { folder_id: 'f1' }); // u2's note in u1's folder
    const result = await u1.find('notes', { filter: { _id: { $in: ['n00', 'n02'] } }, expand: ['folder_id'], limit: 5 });
    expect(result.data.map((d) => (d['_expanded'] as { folder_id: Doc | null }).folder_id?._id ?? null)).toEqual(['f1', null]);
    expect(result.expanded_hidden).toBe(1);
    // reverse: u1's folder lists only u1's notes
    const folder = await u1.getWithMeta('folders', 'f1', { expand: ['notes'] });
    expect(ids((folder.data!['_expanded'] as { notes: Doc[] }).notes)).toEqual(['n00']);
    expect(folder.expanded_hidden).toBe(1);
    // service sees everything
    const all = await db.getWithMeta('folders', 'f1', { expand: ['notes'] });
    expect(ids((all.data!['_expanded'] as { notes: Doc[] }).notes)).toEqual(['n00', 'n01']);
    expect(all.expanded_hidden).toBe(0);
  });
});

describe('system collections, schema changes and the oplog', () => {
  it('_system.* is service-only: 403 for anon and users on every operation', async () => {
    for (const who of [anon, u1]) {
      for (const call of [
        () => who.find('_system.schemas', { limit: 5 }),
        () => who.get('_system.schemas', 'notes'),
        () => who.explain('_system.schemas', { limit: 5 }),
        () => who.insert('_system.schemas', { _id: 'x' }),
        () => who.delete('_system.migrations', 'x'),
        () => who.find('_system.operation_log', { limit: 5 }),
        () => who.get('_system.operation_log', 'op_1'),
        () => who.explain('_system.operation_log', { limit: 5 }),
      ]) {
        const error = await rejection(call());
        expect(error.code).toBe('AERO_RLS_DENIED');
        expect(error.message).toContain('system collection');
      }
    }
    expect((await db.find('_system.schemas', { limit: 5 })).data.length).toBeGreaterThan(0);
  });

  it('schema operations need the service caller', async () => {
    const error = await rejection(u1.applySchemaOps([{ op: 'drop_collection', collection: 'board' }]));
    expect(error.code).toBe('AERO_RLS_DENIED');
    expect(db.schema('board')).toBeDefined();
  });

  it('the operation log records the caller as user_id, and refusals as failed operations', async () => {
    await u1.find('notes', { limit: 1 });
    await rejection(anon.find('notes', { limit: 1 }));
    await db.oplog!.flush();
    const entries = (await db.find('_system.operation_log', { filter: { collection: 'notes' }, limit: 100 })).data;
    const finds = entries.filter((e) => e['operation'] === 'find');
    expect(finds.map((e) => [e['user_id'], e['status'], e['error_code']])).toEqual([
      ['u1', 'ok', null],
      ['anon', 'error', 'AERO_RLS_DENIED'],
    ]);
  });
});
