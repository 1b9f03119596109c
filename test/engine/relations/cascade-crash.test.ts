// SIGKILL a process that creates users with posts and comments and deletes users (cascading) at
// random moments; after every reopen: every acknowledged delete took its whole cascade with it, no
// reference dangles, every bulk unit is whole, and text search agrees with the documents.
// Needs the built package (dist/), like test/crash.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import { TempDirs } from './relations-fixture.js';

const WRITER = fileURLToPath(new URL('./fixtures/cascade-writer.mjs', import.meta.url));
const ALL = 1_000_000;
const CYCLES = Number(process.env.CRASH_CYCLES ?? 8);
const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

function runUntilKilled(dir: string, seed: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('READY')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited early (code ${code}): ${err}`));
      resolve(out.split('\n').filter((line) => line !== ''));
    });
  });
}

describe('crash: SIGKILL during cascading deletes', () => {
  it(`every acknowledged cascade is complete and nothing dangles (${CYCLES} cycles)`, async () => {
    const dir = dirs.make('aerodb-cascade-crash-');
    const deleted = new Set<string>();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const lines = await runUntilKilled(dir, 1000 + cycle, 150 + ((cycle * 97) % 400));
      for (const line of lines) if (line.startsWith('DEL ')) deleted.add(line.split(' ')[1]!);
      const db = await openDatabase({ dir, fsync: false, maxLimit: ALL });
      try {
        const users = new Set((await db.find('users', { limit: ALL })).data.map((d) => d._id));
        for (const id of deleted) expect(users.has(id), `acknowledged delete of ${id}`).toBe(false);
        // posts and comments only ever reference live documents
        const posts = (await db.find('posts', { limit: ALL })).data;
        const postIds = new Set(posts.map((p) => p._id));
        for (const p of posts) expect(users.has(p.author_id as string), `post ${p._id}`).toBe(true);
        for (const c of (await db.find('comments', { limit: ALL })).data) expect(postIds.has(c.post_id as string), `comment ${c._id}`).toBe(true);
        // bulk units are whole: a user has 0 or all 5 posts
        const perUser = new Map<string, number>();
        for (const p of posts) perUser.set(p.author_id as string, (perUser.get(p.author_id as string) ?? 0) + 1);
        for (const n of perUser.values()) expect(n).toBe(5);
        // the text index was rebuilt from exactly these posts
        const hits = await db.find('posts', { text_search: { query: 'lorem ipsum', index: 'body_search' }, limit: 1, count: true });
        expect(hits.count).toBe(posts.length);
      } finally {
        await db.close();
      }
    }
    expect(deleted.size).toBeGreaterThan(0);
  }, 300_000);
});
