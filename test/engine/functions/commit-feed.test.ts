// The engine's commit feed: one change per committed document, after the write is durable, never
// for a failed write, in the async context of the writer; and nothing published without listeners.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitFeed, type CommittedUnit } from '../../../src/engine/changes/commit-feed.js';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(feed: CommitFeed): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'aerodb-feed-'));
  dirs.push(dir);
  const db = await openDatabase({ dir, fsync: false, commitFeed: feed });
  await db.applySchemaOps([
    {
      op: 'create_collection',
      schema: { collection: 'posts', fields: { _id: { type: 'string', required: true }, title: { type: 'string', required: true } }, indexes: [{ name: 'title_unique', fields: ['title'], unique: true }] },
    },
  ]);
  return db;
}

describe('commit feed', () => {
  it('publishes insert, update and delete changes once each, after durability', async () => {
    const feed = new CommitFeed();
    const db = await open(feed);
    const units: CommittedUnit[] = [];
    feed.subscribe((unit) => units.push(unit));
    const inserted = await db.insert('posts', [{ _id: 'a', title: 'A' }, { _id: 'b', title: 'B' }]);
    await db.update('posts', 'a', { title: 'A2' });
    await db.delete('posts', 'b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(units.map((u) => u.lsn)).toEqual([inserted.lsn, inserted.lsn + 1, inserted.lsn + 2]);
    expect(units[0]!.changes.map((c) => [c.collection, c.old?._id ?? null, c.doc?._id ?? null])).toEqual([
      ['posts', null, 'a'],
      ['posts', null, 'b'],
    ]);
    expect(units[1]!.changes).toEqual([{ collection: 'posts', old: { _id: 'a', title: 'A' }, doc: { _id: 'a', title: 'A2' } }]);
    expect(units[2]!.changes).toEqual([{ collection: 'posts', old: { _id: 'b', title: 'B' }, doc: null }]);
    await db.close();
  });

  it('publishes nothing for a rejected write, and listeners see the writer\'s async context', async () => {
    const feed = new CommitFeed();
    const db = await open(feed);
    const als = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    feed.subscribe(() => seen.push(als.getStore()));
    await als.run('writer-1', () => db.insert('posts', { _id: 'a', title: 'A' }));
    await expect(db.insert('posts', { _id: 'b', title: 'A' })).rejects.toMatchObject({ code: 'AERO_VALIDATION_UNIQUE' });
    await db.insert('posts', { _id: 'c', title: 'C' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['writer-1', undefined]);
    await db.close();
  });

  it('a throwing listener does not affect the write or other listeners', async () => {
    const errors: unknown[] = [];
    const feed = new CommitFeed((error) => errors.push(error));
    const db = await open(feed);
    let heard = 0;
    feed.subscribe(() => {
      throw new Error('listener bug');
    });
    feed.subscribe(() => heard++);
    await expect(db.insert('posts', { _id: 'a', title: 'A' })).resolves.toMatchObject({ data: { _id: 'a' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toBe(1);
    expect(errors).toHaveLength(1);
    await db.close();
  });
});
