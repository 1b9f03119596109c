import { afterEach, describe, expect, it } from 'vitest';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import type { Database } from '../../../src/engine/database-types.js';
import { openGraphDb, TempDirs } from './relations-fixture.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function seeded(options: { expandMaxDepth?: number } = {}): Promise<Database> {
  const { db } = await openGraphDb(dirs, undefined, options);
  await db.insert('users', [{ _id: 'u1', name: 'Ann' }, { _id: 'u2', name: 'Bob', manager_id: 'u1' }, { _id: 'u3', name: 'Cy' }]);
  await db.insert('posts', [
    { _id: 'p1', title: 'one', status: 'published', author_id: 'u1' },
    { _id: 'p2', title: 'two', status: 'published', author_id: 'u1' },
    { _id: 'p3', title: 'three', status: 'published', author_id: 'u2' },
    { _id: 'p4', title: 'four', status: 'draft', author_id: null },
  ]);
  await db.insert('comments', [
    { _id: 'c3', body: 'z', post_id: 'p1', author_id: 'u3' },
    { _id: 'c1', body: 'x', post_id: 'p1', author_id: 'u2' },
    { _id: 'c2', body: 'y', post_id: 'p1', author_id: 'u2' },
    { _id: 'c4', body: 'w', post_id: 'p3', author_id: 'u1' },
  ]);
  return db;
}

async function invalid(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAeroError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('expand', () => {
  it('expands a reference with one batched lookup and exact cost, never replacing the field', async () => {
    const db = await seeded();
    const result = await db.find('posts', { filter: { status: 'published' }, limit: 10, expand: ['author_id'] });
    expect(result.data.map((d) => [d._id, d.author_id, (d._expanded as Record<string, { _id: string }>).author_id._id])).toEqual([
      ['p1', 'u1', 'u1'],
      ['p2', 'u1', 'u1'],
      ['p3', 'u2', 'u2'],
    ]);
    // main query + 1 lookup; 3 posts + 2 distinct authors
    expect([result.queries_executed, result.documents_fetched, result.expanded_hidden]).toEqual([2, 5, 0]);
    expect(Object.isFrozen(result.data[0])).toBe(true);
    // stored documents are untouched
    expect('_expanded' in ((await db.get('posts', 'p1')) as object)).toBe(false);
    await db.close();
  });

  it('a null reference expands to null; nothing to look up costs no query', async () => {
    const db = await seeded();
    const result = await db.find('posts', { filter: { status: 'draft' }, limit: 10, expand: ['author_id'] });
    expect(result.data[0]!._expanded).toEqual({ author_id: null });
    expect([result.queries_executed, result.documents_fetched]).toEqual([1, 1]);
    await db.close();
  });

  it('reverse references honour limit and _id order; dotted paths nest; one query per path node', async () => {
    const db = await seeded({ expandMaxDepth: 3 });
    const result = await db.find('users', { filter: { _id: { $in: ['u1', 'u2'] } }, limit: 10, expand: ['posts.comments.author_id', 'posts.author_id'] });
    const u1 = result.data[0]!._expanded as { posts: Array<{ _id: string; _expanded: { comments: Array<{ _id: string; _expanded: { author_id: { _id: string } } }>; author_id: { _id: string } } }> };
    expect(u1.posts.map((p) => p._id)).toEqual(['p1', 'p2']);
    expect(u1.posts[0]!._expanded.comments.map((c) => c._id)).toEqual(['c1', 'c2', 'c3']);
    expect(u1.posts[0]!._expanded.comments.map((c) => c._expanded.author_id._id)).toEqual(['u2', 'u2', 'u3']);
    expect(Object.keys(u1.posts[0]!._expanded)).toEqual(['author_id', 'comments']); // keys sorted
    // queries: main + posts + posts.author_id + posts.comments + posts.comments.author_id
    // documents: 2 users + 3 posts + 2 authors (u1, u2) + 4 comments + 3 comment authors (u1, u2, u3)
    expect([result.queries_executed, result.documents_fetched]).toEqual([5, 14]);
    await db.close();
  });

  it('users.posts declares limit 3', async () => {
    const db = await seeded();
    await db.insert('posts', [5, 6, 7].map((i) => ({ _id: `p${i}`, title: `t${i}`, author_id: 'u1' })));
    const one = await db.getWithMeta('users', 'u1', { expand: ['posts'] });
    expect(((one.data!._expanded as { posts: Array<{ _id: string }> }).posts).map((p) => p._id)).toEqual(['p1', 'p2', 'p5']);
    expect([one.queries_executed, one.documents_fetched, one.expanded_hidden]).toEqual([2, 4, 0]);
    expect(await db.get('users', 'missing', { expand: ['posts'] })).toBeNull();
    await db.close();
  });

  it('rejects unknown, undeclared and too-deep paths, naming every one (400)', async () => {
    const db = await seeded();
    const error = await invalid(db.find('posts', { limit: 5, expand: ['writer', 'title', 'author_id.posts.comments'] }));
    expect(error.code).toBe('AERO_QUERY_INVALID');
    expect(error.details.paths).toEqual(['writer', 'title', 'author_id.posts.comments']);
    expect(error.message).toContain('posts has no field "writer"');
    expect(error.message).toContain('posts.title is a string');
    expect(error.message).toContain('3 levels deep; expand_max_depth is 2');
    expect((await invalid(db.get('posts', 'p1', { expand: ['nope'] }))).code).toBe('AERO_QUERY_INVALID');
    await db.close();
    const shallow = await seeded({ expandMaxDepth: 1 });
    expect((await invalid(shallow.find('posts', { limit: 5, expand: ['comments.author_id'] }))).message).toContain('expand_max_depth is 1');
    await shallow.close();
  });

  it('the visibility predicate hides expanded documents and counts them', async () => {
    const db = await seeded();
    const visible = (collection: string, doc: { _id: string }) => !(collection === 'users' && doc._id === 'u2') && !(collection === 'comments' && doc._id === 'c2');
    const result = await db.find('posts', { filter: { _id: 'p1' }, limit: 1, expand: ['author_id', 'comments.author_id'] }, { visible });
    const expanded = result.data[0]!._expanded as { comments: Array<{ _id: string; _expanded: { author_id: unknown } }> };
    expect(expanded.comments.map((c) => c._id)).toEqual(['c1', 'c3']);
    expect(expanded.comments[0]!._expanded.author_id).toBeNull(); // u2 hidden
    // hidden: c2 and u2; fetched: p1 + u1 + 3 comments + u2, u3
    expect([result.expanded_hidden, result.documents_fetched, result.queries_executed]).toEqual([2, 7, 4]);
    await db.close();
  });

  it('expand works with fields that leave the reference out', async () => {
    const db = await seeded();
    const result = await db.find('posts', { filter: { _id: 'p3' }, limit: 1, fields: ['title'], expand: ['author_id'] });
    expect(result.data[0]).toEqual({ _id: 'p3', title: 'three', _expanded: { author_id: { _id: 'u2', name: 'Bob', manager_id: 'u1' } } });
    await db.close();
  });
});
