import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/engine/database-types.js';
import type { OplogEntry } from '../../../src/engine/oplog/oplog-entry.js';
import { TempDirs } from '../database/temp-dirs.js';
import { fileEntries, openWithOplog, ORIGIN, POSTS, queryEntries, SteppingClock, USERS } from './oplog-fixture.js';

const temp = new TempDirs();
const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  temp.removeAll();
});

async function setup(): Promise<{ db: Database; dir: string; clock: SteppingClock }> {
  const dir = temp.make('aerodb-oplog-');
  const clock = new SteppingClock(5);
  const db = await openWithOplog(dir, { clock });
  open.push(db);
  await db.applySchemaOps([
    { op: 'create_collection', schema: USERS },
    { op: 'create_collection', schema: POSTS },
  ]);
  return { db, dir, clock };
}

const KEYS = [
  '_id', 'timestamp', 'collection', 'operation', 'filter', 'user_id', 'duration_ms', 'documents_scanned', 'documents_returned', 'index_used',
  'status', 'error_code', 'slow', 'explain_plan', 'source', 'request_id', 'error_message', 'affected_ids', 'affected_count', 'lsn', 'detail',
];

/** The user-visible entries (leaves out the reads of the log itself). */
async function entries(db: Database): Promise<OplogEntry[]> {
  return (await queryEntries(db)).filter((e) => e.collection !== '_system.operation_log');
}

describe('operation log entries', () => {
  it('records one entry per operation with the SPEC §8 fields, in key order', async () => {
    const { db } = await setup();
    const alice = await db.insert('users', { _id: 'u1', name: 'Alice' });
    const bulk = await db.insert('posts', [
      { _id: 'p1', title: 'one', status: 'published', author_id: 'u1' },
      { _id: 'p2', title: 'two', status: 'draft', author_id: 'u1' },
    ]);
    const found = await db.find('posts', { filter: { status: 'published' }, limit: 10 });
    await db.get('posts', 'p1');
    await db.get('posts', 'missing');
    const updated = await db.update('posts', 'p2', { title: 'two!' });
    await db.replace('posts', 'p2', { title: 'two', status: 'published', author_id: 'u1' });
    await db.upsert('posts', 'p3', { title: 'three', status: 'draft' }, { on_conflict: 'merge' });
    await db.upsert('posts', 'p3', { title: 'three!' }, { on_conflict: 'merge' });
    const explain = await db.explain('posts', { filter: { status: 'draft' }, limit: 5 }, { analyze: true });
    await db.findProjection('published_posts', { limit: 5 });
    const deleted = await db.delete('users', 'u1');

    const log = await entries(db);
    expect(log.map((e) => e.operation)).toEqual(['migration', 'insert', 'insert', 'find', 'get', 'get', 'update', 'replace', 'upsert', 'upsert', 'explain', 'find', 'delete']);
    for (const e of log) {
      expect(Object.keys(e)).toEqual(KEYS);
      expect(e._id).toMatch(/^op_[0-9a-f]{16}$/);
      expect(e.status).toBe('ok');
      expect(e.error_code).toBeNull();
      expect(e.user_id).toBe('service');
      expect(e.source).toBe('internal');
      expect(e.duration_ms).toBe(5);
      expect(e.slow).toBe(false);
    }
    // monotonic ids and timestamps from the injected clock
    expect(log.map((e) => e._id)).toEqual([...log.map((e) => e._id)].sort());
    expect(log[0]!.timestamp).toBe(new Date(ORIGIN).toISOString());

    const [migration, insertOne, insertBulk, find, get, getMissing, update, replace, upsertNew, upsertOld, explained, projection, del] = log as [OplogEntry, ...OplogEntry[]];
    expect(migration).toMatchObject({ collection: 'users', detail: 'create_collection users, create_collection posts', affected_count: 2, explain_plan: null });
    expect(insertOne).toMatchObject({ collection: 'users', filter: null, affected_ids: ['u1'], affected_count: 1, lsn: alice.lsn, documents_returned: 1, index_used: null });
    expect(insertBulk).toMatchObject({ collection: 'posts', affected_ids: ['p1', 'p2'], affected_count: 2, lsn: bulk.lsn, detail: 'bulk of 2' });
    expect(find).toMatchObject({
      collection: 'posts',
      filter: { status: 'published' },
      documents_scanned: found.documents_scanned,
      documents_returned: 1,
      index_used: 'status_idx',
      explain_plan: JSON.parse(JSON.stringify(found.explain)),
      lsn: found.lsn,
      affected_ids: null,
    });
    expect(get).toMatchObject({ operation: 'get', filter: { _id: 'p1' }, documents_returned: 1, index_used: '_id' });
    expect(getMissing).toMatchObject({ filter: { _id: 'missing' }, documents_returned: 0, status: 'ok' });
    expect(update).toMatchObject({ filter: { _id: 'p2' }, affected_ids: ['p2'], lsn: updated.lsn });
    expect(replace).toMatchObject({ filter: { _id: 'p2' }, affected_ids: ['p2'] });
    expect(upsertNew.detail).toBe('on_conflict=merge, created');
    expect(upsertOld.detail).toBe('on_conflict=merge, updated');
    expect(explained).toMatchObject({ filter: { status: 'draft' }, index_used: 'status_idx', documents_scanned: explain.analyze!.documents_scanned, documents_returned: explain.analyze!.documents_returned, detail: 'analyze' });
    expect(explained.explain_plan).toEqual(JSON.parse(JSON.stringify(explain)));
    expect(projection).toMatchObject({ collection: 'posts', detail: 'projection published_posts', index_used: 'status_idx' });
    // the cascade deleted u1's posts in the same unit
    expect(del).toMatchObject({ collection: 'users', affected_ids: ['u1'], affected_count: 3, lsn: deleted.lsn, detail: 'cascaded posts: 2' });
  });

  it('records failures with their error code, and rethrows them unchanged', async () => {
    const { db } = await setup();
    await expect(db.find('posts', { filter: { title: 'x' }, limit: 5 })).rejects.toMatchObject({ code: 'AERO_QUERY_UNINDEXED_FIELD' });
    await expect(db.insert('posts', { title: 'no status' })).rejects.toMatchObject({ code: 'AERO_VALIDATION_FAILED' });
    await expect(db.update('posts', 'nope', { title: 'x' })).rejects.toMatchObject({ code: 'AERO_NOT_FOUND' });
    await expect(db.get('nope', 'x')).rejects.toMatchObject({ code: 'AERO_SCHEMA_UNKNOWN_COLLECTION' });
    await expect(db.applySchemaOps([{ op: 'drop_collection', collection: 'ghosts' }])).rejects.toMatchObject({ code: 'AERO_SCHEMA_UNKNOWN_COLLECTION' });
    const failed = (await entries(db)).filter((e) => e.status === 'error');
    expect(failed.map((e) => [e.operation, e.collection, e.error_code])).toEqual([
      ['find', 'posts', 'AERO_QUERY_UNINDEXED_FIELD'],
      ['insert', 'posts', 'AERO_VALIDATION_FAILED'],
      ['update', 'posts', 'AERO_NOT_FOUND'],
      ['get', 'nope', 'AERO_SCHEMA_UNKNOWN_COLLECTION'],
      ['migration', 'ghosts', 'AERO_SCHEMA_UNKNOWN_COLLECTION'],
    ]);
    for (const e of failed) {
      expect(e.error_message).toEqual(expect.any(String));
      expect(e.affected_ids).toBeNull();
      expect(e.explain_plan).toBeNull();
    }
    expect(failed[0]!.filter).toEqual({ title: 'x' });
  });

  it('attributes operations to the caller and source of withContext', async () => {
    const { db } = await setup();
    await db.withContext({ caller: { kind: 'user', sub: 'u_42' }, source: 'rest', request_id: 'req-1' }).insert('users', { _id: 'u42', name: 'Bo' });
    await db.withContext({ caller: { kind: 'anon' }, source: 'function' }).get('users', 'u42');
    await db.withContext({ caller: { kind: 'service' }, source: 'cli' }).find('users', { limit: 1 });
    await db.withContext({ caller: { kind: 'service' }, source: 'migration', request_id: '002_x' }).applySchemaOps([
      { op: 'add_field', collection: 'users', field: { name: 'age', type: 'int' } },
    ]);
    const log = (await entries(db)).slice(1);
    expect(log.map((e) => [e.operation, e.user_id, e.source, e.request_id])).toEqual([
      ['insert', 'u_42', 'rest', 'req-1'],
      ['get', 'anon', 'function', null],
      ['find', 'service', 'cli', null],
      ['migration', 'service', 'migration', '002_x'],
    ]);
    expect(log[3]!.detail).toBe('add_field users.age');
  });

  it('writes exactly the queryable entries to the segment files, one JSON line each', async () => {
    const { db, dir } = await setup();
    const odd = 'Ünï "q" \\ \u2028 \u0001';
    await db.insert('users', { _id: odd, name: 'x' });
    await db.find('users', { filter: { _id: { $in: [odd, 'u2'] } }, limit: 5 });
    await db.withContext({ caller: { kind: 'user', sub: odd }, source: 'rest', request_id: odd }).get('users', odd);
    await db.oplog!.flush();
    const inMemory = await queryEntries(db);
    await db.oplog!.flush();
    const onDisk = fileEntries(dir);
    expect(onDisk.slice(0, inMemory.length)).toEqual(inMemory);
    // the line format is canonical JSON: re-serialising a parsed line gives the same text
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const lines = readFileSync(join(dir, 'oplog', readdirSync(join(dir, 'oplog'))[0]!), 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(JSON.stringify(JSON.parse(line))).toBe(line);
  });

  it('entries of one shape written from its template keep their own caller, source, request, filter and counts', async () => {
    const { db, dir } = await setup();
    const callers = [
      { caller: { kind: 'service' as const }, source: 'rest' as const, request_id: 'r-1' },
      { caller: { kind: 'service' as const }, source: 'cli' as const },
      { caller: { kind: 'user' as const, sub: 'u1' }, source: 'rest' as const, request_id: 'r-2' },
      { caller: { kind: 'user' as const, sub: 'u2' }, source: 'rest' as const, request_id: 'r-3' },
    ];
    const expected: Array<Partial<OplogEntry>> = [];
    for (let round = 0; round < 2; round++) {
      for (const [i, ctx] of callers.entries()) {
        const as = db.withContext(ctx);
        const id = `t${round}${i}`;
        const written = await as.insert('users', { _id: id, name: 'x' });
        expected.push({ operation: 'insert', user_id: ctx.caller.kind === 'user' ? ctx.caller.sub : 'service', source: ctx.source, request_id: ctx.request_id ?? null, affected_ids: [id], lsn: written.lsn });
        const found = await as.find('users', { filter: { _id: { $in: ['t00', 't01'] } }, limit: 2 + round });
        expected.push({ operation: 'find', filter: { _id: { $in: ['t00', 't01'] } }, user_id: ctx.caller.kind === 'user' ? ctx.caller.sub : 'service', source: ctx.source, request_id: ctx.request_id ?? null, documents_returned: found.data.length, explain_plan: JSON.parse(JSON.stringify(found.explain)) });
        await as.get('users', id);
        expected.push({ operation: 'get', filter: { _id: id }, documents_returned: 1, source: ctx.source, request_id: ctx.request_id ?? null });
      }
    }
    const logged = (await entries(db)).filter((e) => e.collection === 'users' && e.operation !== 'migration');
    expect(logged).toHaveLength(expected.length);
    logged.forEach((entry, i) => expect(entry).toMatchObject(expected[i]!));
    await db.oplog!.flush();
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const lines = readdirSync(join(dir, 'oplog')).flatMap((name) => readFileSync(join(dir, 'oplog', name), 'utf8').trimEnd().split('\n'));
    for (const line of lines) expect(JSON.stringify(JSON.parse(line))).toBe(line);
  });

  it('serves _system.operation_log read-only through find, explain and get', async () => {
    const { db } = await setup();
    for (let i = 0; i < 5; i++) await db.insert('users', { _id: `u${i}`, name: `n${i}` });
    const inserts = await db.find('_system.operation_log', { filter: { operation: 'insert' }, sort: [{ field: 'timestamp', order: 'desc' }], limit: 3 });
    expect(inserts.data.map((e) => (e as unknown as OplogEntry).affected_ids)).toEqual([['u4'], ['u3'], ['u2']]);
    expect(inserts.explain).toMatchObject({ scan: 'INDEX_EQ', index: 'operation_idx' });
    const byCollection = await db.explain('_system.operation_log', { filter: { collection: 'users', duration_ms: { $gte: 1 } }, limit: 10 });
    expect(byCollection).toMatchObject({ accepted: true, index: 'collection_idx' });
    const slowest = await db.find('_system.operation_log', { filter: { duration_ms: { $gte: 0 } }, sort: [{ field: 'duration_ms', order: 'desc' }], limit: 1 });
    expect(slowest.explain.index).toBe('duration_idx');
    const one = inserts.data[0]!;
    expect(await db.get('_system.operation_log', one._id)).toEqual(one);
    expect(Object.isFrozen(one)).toBe(true);
    await expect(db.insert('_system.operation_log', { operation: 'find' })).rejects.toMatchObject({ code: 'AERO_QUERY_READ_ONLY' });
    await expect(db.delete('_system.operation_log', one._id)).rejects.toMatchObject({ code: 'AERO_QUERY_READ_ONLY' });
    await expect(db.find('_system.operation_log', { filter: { user_id: 'service' }, limit: 1 })).rejects.toMatchObject({ code: 'AERO_QUERY_UNINDEXED_FIELD' });
    expect(db.stats().collections.find((c) => c.name === '_system.operation_log')).toMatchObject({ documents: expect.any(Number) });
  });

  it('caps the recorded _ids of a large bulk insert at 100 and keeps the full count', async () => {
    const { db } = await setup();
    await db.insert('users', Array.from({ length: 150 }, (_, i) => ({ _id: `u${String(i).padStart(3, '0')}`, name: 'x' })));
    const [bulk] = (await entries(db)).filter((e) => e.operation === 'insert');
    expect(bulk!.affected_ids).toHaveLength(100);
    expect(bulk!.affected_ids![99]).toBe('u099');
    expect(bulk!.affected_count).toBe(150);
  });

  it('each read entry carries the explain its own query ran with, across schema changes and callers', async () => {
    const { db } = await setup();
    const query = { filter: { status: 'draft' }, limit: 5 };
    const explains = [];
    explains.push((await db.find('posts', query)).explain);
    explains.push((await db.find('posts', query)).explain);
    await db.applySchemaOps([{ op: 'add_index', collection: 'posts', index: { name: 'status_title', fields: ['status', 'title'] } }]);
    explains.push((await db.find('posts', query)).explain);
    await db.applySchemaOps([{ op: 'drop_index', collection: 'posts', name: 'status_idx' }]);
    explains.push((await db.find('posts', query)).explain);
    explains.push(await db.explain('posts', query));
    explains.push((await db.find('posts', { ...query, limit: 6 })).explain);
    const logged = (await entries(db)).filter((e) => e.operation === 'find' || e.operation === 'explain').map((e) => e.explain_plan);
    expect(logged).toEqual(explains.map((e) => JSON.parse(JSON.stringify(e))));
    expect(logged[2]!.rejected_alternatives).not.toEqual(logged[0]!.rejected_alternatives);
    expect(logged[3]!.index).toBe('status_title');
  });

  it('copies the caller filter: mutating the query afterwards does not change the entry', async () => {
    const { db } = await setup();
    const query = { filter: { status: 'draft' as string }, limit: 5 };
    await db.find('posts', query);
    query.filter.status = 'published';
    const [find] = (await entries(db)).filter((e) => e.operation === 'find');
    expect(find!.filter).toEqual({ status: 'draft' });
  });
});
