import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import { TempDirs } from '../relations/relations-fixture.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function open(): Promise<{ db: Database; dir: string }> {
  const dir = dirs.make('aerodb-proj-');
  const db = await openDatabase({ dir, fsync: false });
  await db.applySchemaOps([
    { op: 'create_collection', schema: { collection: 'users', fields: { _id: { type: 'string', required: true }, name: { type: 'string' } } } },
    {
      op: 'create_collection',
      schema: {
        collection: 'posts',
        fields: {
          _id: { type: 'string', required: true },
          title: { type: 'string', required: true },
          status: { type: 'string', enum: ['draft', 'published'], required: true },
          created_at: { type: 'timestamp' },
          secret: { type: 'string' },
          author_id: { type: 'reference', target_collection: 'users' },
        },
        indexes: [
          { name: 'status_created', fields: ['status', 'created_at'] },
          { name: 'author_idx', fields: ['author_id'] },
        ],
        projections: [{ name: 'published_titles', fields: ['_id', 'title', 'created_at', 'author_id'], filter: { status: 'published' } }],
      },
    },
  ]);
  await db.insert('users', { _id: 'u1', name: 'Ann' });
  await db.insert('posts', [
    { _id: 'p1', title: 'a', status: 'published', created_at: '2026-01-01T00:00:00Z', secret: 's1', author_id: 'u1' },
    { _id: 'p2', title: 'b', status: 'draft', created_at: '2026-01-02T00:00:00Z', secret: 's2', author_id: 'u1' },
    { _id: 'p3', title: 'c', status: 'published', created_at: '2026-01-03T00:00:00Z', secret: 's3' },
  ]);
  return { db, dir };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAeroError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('named projections', () => {
  it('apply the projection filter AND the caller filter, return only declared fields', async () => {
    const { db } = await open();
    const all = await db.findProjection('published_titles', { limit: 10, sort: [{ field: 'created_at', order: 'desc' }] });
    expect(all.data).toEqual([
      { _id: 'p3', title: 'c', created_at: '2026-01-03T00:00:00.000Z' },
      { _id: 'p1', title: 'a', created_at: '2026-01-01T00:00:00.000Z', author_id: 'u1' },
    ]);
    expect(all.explain).toMatchObject({ collection: 'posts', projection: 'published_titles', scan: 'INDEX_EQ', index: 'status_created', bounds: { status: { eq: 'published' } } });
    expect(Object.keys(all.explain).slice(0, 3)).toEqual(['accepted', 'collection', 'projection']);

    const merged = await db.findProjection('published_titles', { filter: { created_at: { $lt: '2026-01-02T00:00:00Z' } }, limit: 10 });
    expect(merged.data.map((d) => d._id)).toEqual(['p1']);
    // both filters end up in one plan on the source's index
    expect(merged.explain.bounds).toEqual({ status: { eq: 'published' }, created_at: { lt: '2026-01-02T00:00:00.000Z' } });
    const explained = await db.explainProjection('published_titles', { filter: { created_at: { $lt: '2026-01-02T00:00:00Z' } }, limit: 10 });
    expect(explained.bounds).toEqual(merged.explain.bounds);
    await db.close();
  });

  it('pages with cursors, counts, and expands its reference fields', async () => {
    const { db } = await open();
    const first = await db.findProjection('published_titles', { limit: 1, count: true, expand: ['author_id'] });
    expect(first.count).toBe(2);
    expect(first.data[0]).toMatchObject({ _id: 'p1', _expanded: { author_id: { _id: 'u1', name: 'Ann' } } });
    expect(first.queries_executed).toBe(2);
    const second = await db.findProjection('published_titles', { limit: 1, cursor: first.next_cursor! });
    expect(second.data.map((d) => d._id)).toEqual(['p3']);
    expect(second.next_cursor).toBeNull();
    await db.close();
  });

  it('rejects fields outside the projection, unknown names, and text_search', async () => {
    const { db } = await open();
    expect(await rejection(db.findProjection('published_titles', { filter: { secret: 's1' }, limit: 5 }))).toMatchObject({ code: 'AERO_QUERY_INVALID' });
    expect((await rejection(db.findProjection('published_titles', { filter: { $or: [{ secret: 's1' }, { title: 'a' }] }, limit: 5 }))).message).toContain('"secret"');
    expect((await rejection(db.findProjection('published_titles', { fields: ['status'], limit: 5 }))).message).toContain('does not include');
    expect((await rejection(db.findProjection('published_titles', { sort: [{ field: 'status', order: 'asc' }], limit: 5 }))).code).toBe('AERO_QUERY_INVALID');
    expect((await rejection(db.findProjection('nope', { limit: 5 }))).code).toBe('AERO_SCHEMA_UNKNOWN_PROJECTION');
    expect((await rejection(db.findProjection('published_titles', { limit: 5, text_search: { query: 'x', index: 'y' } }))).code).toBe('AERO_QUERY_INVALID');
    await db.close();
  });

  it('are immutable once applied and unique across collections (schema module), and survive reopen', async () => {
    const { db, dir } = await open();
    const again = await rejection(db.applySchemaOps([{ op: 'add_projection', collection: 'posts', projection: { name: 'published_titles', fields: ['_id'] } }]));
    expect(again.code).toBe('AERO_SCHEMA_PROJECTION_EXISTS');
    const elsewhere = await rejection(db.applySchemaOps([{ op: 'add_projection', collection: 'users', projection: { name: 'published_titles', fields: ['_id'] } }]));
    expect(elsewhere.code).toBe('AERO_SCHEMA_PROJECTION_EXISTS');
    await db.applySchemaOps([{ op: 'add_projection', collection: 'users', projection: { name: 'user_names', fields: ['name'] } }]);
    await db.close();
    const reopened = await openDatabase({ dir, fsync: false });
    expect((await reopened.findProjection('user_names', { limit: 5 })).data).toEqual([{ _id: 'u1', name: 'Ann' }]);
    await reopened.close();
  });
});
