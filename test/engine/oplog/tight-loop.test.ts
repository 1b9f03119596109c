// A program that awaits in-memory reads in a loop never lets a timer run. Its entries must still
// reach the segment files as it goes (memory stays bounded), not all at once when it stops.
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../database/temp-dirs.js';
import { fileEntries, openWithOplog, POSTS, USERS } from './oplog-fixture.js';

const temp = new TempDirs();
afterEach(() => temp.removeAll());

describe('operation log under a loop that never yields to the event loop', () => {
  it('writes as it goes: unwritten entries stay under about a megabyte', async () => {
    const dir = temp.make();
    const db = await openWithOplog(dir, { retentionEntries: 100_000 });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }, { op: 'create_collection', schema: POSTS }]);
    await db.insert('posts', Array.from({ length: 50 }, (_, i) => ({ _id: `p${i}`, title: `t${i}`, status: i % 2 ? 'published' : 'draft' })));
    await db.oplog!.flush();
    const before = fileEntries(dir).length;
    let maxUnwritten = 0;
    // awaited reads that complete without I/O: only microtasks run between them, never a timer
    for (let i = 0; i < 4000; i++) {
      await db.find('posts', { filter: { status: i % 2 ? 'published' : 'draft' }, limit: 20 });
      maxUnwritten = Math.max(maxUnwritten, db.oplog!.stats().unwritten);
    }
    const written = fileEntries(dir).length - before;
    // read entries carry their explain (~1 KB): 1 MiB is about a thousand of them
    expect(maxUnwritten).toBeLessThan(2000);
    expect(written).toBeGreaterThan(2000);
    await db.close();
    expect(fileEntries(dir).length - before).toBe(4000);
  });
});
