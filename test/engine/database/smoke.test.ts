import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aerodb-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const postsSchema = {
  collection: 'posts',
  fields: {
    _id: { type: 'string' as const, required: true },
    title: { type: 'string' as const, required: true, maxLength: 200 },
    status: { type: 'string' as const, enum: ['draft', 'published'], required: true },
    views: { type: 'int' as const },
    created_at: { type: 'timestamp' as const },
  },
  indexes: [{ name: 'status_idx', fields: ['status'] }],
};

describe('openDatabase smoke', () => {
  it('creates, writes, reads, queries and survives reopen', async () => {
    const dir = tempDir();
    const db = await openDatabase({ dir });
    await db.applySchemaOps([{ op: 'create_collection', schema: postsSchema }]);
    const one = await db.insert('posts', { title: 'a', status: 'draft', created_at: '2026-01-01T01:00:00+01:00' });
    expect(one.data.created_at).toBe('2026-01-01T00:00:00.000Z');
    await db.insert('posts', [
      { _id: 'p2', title: 'b', status: 'published', views: 3 },
      { _id: 'p3', title: 'c', status: 'published' },
    ]);
    const found = await db.find('posts', { filter: { status: 'published' }, limit: 10 });
    expect(found.data.map((d) => d._id)).toEqual(['p2', 'p3']);
    expect(found.explain.scan).toBe('INDEX_EQ');
    await db.update('posts', 'p2', { views: 4 });
    await db.delete('posts', 'p3');
    await db.close();

    const again = await openDatabase({ dir });
    expect((await again.get('posts', 'p2'))?.views).toBe(4);
    expect(await again.get('posts', 'p3')).toBeNull();
    expect(again.schema('posts')?.schema_version).toBe(1);
    await again.checkpoint();
    await again.close();
    const third = await openDatabase({ dir });
    expect((await third.find('posts', { limit: 10 })).data).toHaveLength(2);
    await third.close();
  });
});
