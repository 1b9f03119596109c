import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import { openGraphDb, TempDirs, type GraphActions, DEFAULT_ACTIONS } from './relations-fixture.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAeroError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('reference targets are validated on every write path', () => {
  it('insert, bulk insert, update, replace and upsert name the field and the missing target', async () => {
    const { db } = await openGraphDb(dirs);
    await db.insert('users', { _id: 'u1', name: 'Ann' });

    const single = await rejection(db.insert('posts', { _id: 'p1', title: 't', author_id: 'nobody' }));
    expect(single.code).toBe('AERO_REFERENCE_MISSING');
    expect(single.message).toContain('"author_id"');
    expect(single.message).toContain('"nobody"');
    expect(single.details).toMatchObject({ field: 'author_id', target_collection: 'users', target_id: 'nobody' });

    const bulk = await rejection(db.insert('posts', [{ _id: 'p1', title: 't', author_id: 'u1' }, { _id: 'p2', title: 't', author_id: 'u9' }]));
    expect(bulk.code).toBe('AERO_REFERENCE_MISSING');
    expect(bulk.details).toMatchObject({ index: 1, target_id: 'u9' });
    expect(await db.get('posts', 'p1')).toBeNull(); // the unit is atomic

    await db.insert('posts', { _id: 'p1', title: 't', author_id: 'u1' });
    expect((await rejection(db.update('posts', 'p1', { author_id: 'u2' }))).code).toBe('AERO_REFERENCE_MISSING');
    expect((await rejection(db.replace('posts', 'p1', { title: 'x', author_id: 'u2' }))).code).toBe('AERO_REFERENCE_MISSING');
    expect((await rejection(db.upsert('posts', 'p1', { title: 'x', author_id: 'u2' }, { on_conflict: 'merge' }))).code).toBe('AERO_REFERENCE_MISSING');
    expect((await rejection(db.upsert('posts', 'p9', { title: 'x', author_id: 'u2' }, { on_conflict: 'replace' }))).code).toBe('AERO_REFERENCE_MISSING');
    expect((await db.get('posts', 'p1'))?.author_id).toBe('u1');
    // null is not a reference
    await db.update('posts', 'p1', { author_id: null });
    await db.close();
  });

  it('a bulk insert may reference documents of the same unit, in any order', async () => {
    const { db } = await openGraphDb(dirs);
    await db.insert('users', [
      { _id: 'u2', name: 'B', manager_id: 'u1' },
      { _id: 'u1', name: 'A' },
      { _id: 'u3', name: 'C', manager_id: 'u3' },
    ]);
    expect((await db.get('users', 'u2'))?.manager_id).toBe('u1');
    await db.close();
  });
});

async function seed(actions: GraphActions = DEFAULT_ACTIONS) {
  const opened = await openGraphDb(dirs, actions);
  const { db } = opened;
  await db.insert('users', [{ _id: 'u1', name: 'A' }, { _id: 'u2', name: 'B', manager_id: 'u1' }]);
  await db.insert('posts', [
    { _id: 'p1', title: 'one', author_id: 'u1' },
    { _id: 'p2', title: 'two', author_id: 'u1' },
    { _id: 'p3', title: 'three', author_id: 'u2' },
  ]);
  await db.insert('comments', [
    { _id: 'c1', body: 'x', post_id: 'p1', author_id: 'u2' },
    { _id: 'c2', body: 'y', post_id: 'p1', author_id: 'u1' },
    { _id: 'c3', body: 'z', post_id: 'p3', author_id: 'u1' },
  ]);
  return opened;
}

describe('on_delete', () => {
  it('restrict blocks with the referencing collection and count, and changes nothing', async () => {
    const { db } = await seed();
    const error = await rejection(db.delete('users', 'u1'));
    expect(error.code).toBe('AERO_REFERENCE_RESTRICT');
    expect(error.message).toContain('2 document(s) of "posts"');
    expect(error.details).toMatchObject({ collection: 'users', _id: 'u1', count: 2 });
    expect((error.details.referencing as Array<{ collection: string; field: string; count: number }>)[0]).toMatchObject({ collection: 'posts', field: 'author_id', count: 2 });
    expect(await db.get('users', 'u1')).not.toBeNull();
    expect(await db.get('users', 'u2')).toMatchObject({ manager_id: 'u1' });
    await db.close();
  });

  it('cascade deletes recursively in one unit and reports counts; set_null nulls the field', async () => {
    const { db, dir } = await seed({ ...DEFAULT_ACTIONS, postAuthor: 'cascade' });
    const lsnBefore = db.lsn;
    const result = await db.delete('users', 'u1');
    expect(result.lsn).toBe(lsnBefore + 1); // one WAL unit
    expect(result.cascaded).toEqual({ comments: 2, posts: 2 }); // p1, p2 and the comments of p1
    expect(result.set_null).toEqual({ comments: 1, users: 1 }); // c3.author_id, u2.manager_id
    expect(await db.get('posts', 'p1')).toBeNull();
    expect(await db.get('comments', 'c1')).toBeNull();
    expect((await db.get('comments', 'c3'))?.author_id).toBeNull();
    expect((await db.get('users', 'u2'))?.manager_id).toBeNull();
    await db.close();
    const again = await openDatabase({ dir, fsync: false });
    expect(await again.get('posts', 'p2')).toBeNull();
    expect((await again.get('users', 'u2'))?.manager_id).toBeNull();
    expect((await again.find('posts', { filter: { author_id: 'u2' }, limit: 10 })).data.map((d) => d._id)).toEqual(['p3']);
    // the reverse index is rebuilt at open: deleting u2 cascades to p3 and on to its comment c3
    const second = await again.delete('users', 'u2');
    expect(second.cascaded).toEqual({ comments: 1, posts: 1 });
    await again.close();
  });

  it('cascade cycles terminate and a restrict inside the deleted set does not block', async () => {
    const { db } = await openGraphDb(dirs, { ...DEFAULT_ACTIONS, userManager: 'cascade' });
    await db.insert('users', [
      { _id: 'a', name: 'a', manager_id: 'c' },
      { _id: 'b', name: 'b', manager_id: 'a' },
      { _id: 'c', name: 'c', manager_id: 'b' },
      { _id: 'd', name: 'd' },
    ]);
    // restrict: a post by b blocks deleting a (b is in a's cascade closure but the post is not)
    await db.insert('posts', { _id: 'p', title: 't', author_id: 'b' });
    const blocked = await rejection(db.delete('users', 'a'));
    expect(blocked.code).toBe('AERO_REFERENCE_RESTRICT');
    expect(blocked.message).toContain('cascade would delete');
    await db.delete('posts', 'p');
    const result = await db.delete('users', 'a');
    expect(result.cascaded).toEqual({ users: 2 });
    expect((await db.find('users', { limit: 10 })).data.map((d) => d._id)).toEqual(['d']);
    await db.close();
  });
});

describe('migrations to reference types validate existing data', () => {
  it('change_field to a reference lists the first dangling _ids; add_field checks its default', async () => {
    const dir = dirs.make();
    const db = await openDatabase({ dir, fsync: false });
    await db.applySchemaOps([
      { op: 'create_collection', schema: { collection: 'users', fields: { _id: { type: 'string', required: true } } } },
      { op: 'create_collection', schema: { collection: 'posts', fields: { _id: { type: 'string', required: true }, owner: { type: 'string' } } } },
    ]);
    await db.insert('users', { _id: 'u1' });
    await db.insert('posts', [1, 2, 3, 4, 5, 6, 7].map((i) => ({ _id: `p${i}`, owner: i === 1 ? 'u1' : `ghost${i}` })));
    const error = await rejection(db.applySchemaOps([{ op: 'change_field', collection: 'posts', field: { name: 'owner', type: 'reference', target_collection: 'users' } }]));
    expect(error.code).toBe('AERO_REFERENCE_MISSING');
    expect(error.details.ids).toEqual(['p2', 'p3', 'p4', 'p5', 'p6']);
    expect(error.details.count).toBe(6);
    const added = await rejection(db.applySchemaOps([{ op: 'add_field', collection: 'posts', field: { name: 'editor', type: 'reference', target_collection: 'users', default: 'nobody' } }]));
    expect(added.code).toBe('AERO_REFERENCE_MISSING');
    // once valid, the new reference is enforced and indexed in reverse at once
    await db.applySchemaOps([{ op: 'add_field', collection: 'posts', field: { name: 'editor', type: 'reference', target_collection: 'users', on_delete: 'cascade', default: 'u1' } }]);
    expect((await rejection(db.insert('posts', { _id: 'p9', editor: 'nobody' }))).code).toBe('AERO_REFERENCE_MISSING');
    const deleted = await db.delete('users', 'u1');
    expect(deleted.cascaded).toEqual({ posts: 7 });
    await db.close();
  });
});
