import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/database.js';

const WRITER = fileURLToPath(new URL('./fixtures/engine-writer.mjs', import.meta.url));
const CYCLES = Number(process.env.CRASH_CYCLES ?? 30);

interface Acks {
  singles: Map<string, number>;
  bulks: Map<string, { size: number; lsn: number }>;
  maxLsn: number;
}

/** Runs the writer until a random moment after it is ready, SIGKILLs it, returns what it acknowledged. */
function runAndKill(dir: string, seed: number, killAfterMs: number): Promise<Acks> {
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
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited early (code ${code}): ${err}`));
      const acks: Acks = { singles: new Map(), bulks: new Map(), maxLsn: 0 };
      // Only complete lines count: a line cut by the kill was not fully reported.
      for (const line of out.split('\n').slice(0, -1)) {
        const [kind, id, a, b] = line.split(' ');
        if (kind === 'ONE') {
          acks.singles.set(id!, Number(a));
          acks.maxLsn = Math.max(acks.maxLsn, Number(a));
        } else if (kind === 'BULK') {
          acks.bulks.set(id!, { size: Number(a), lsn: Number(b) });
          acks.maxLsn = Math.max(acks.maxLsn, Number(b));
        }
      }
      resolve(acks);
    });
  });
}

describe('crash: SIGKILL during concurrent single and bulk inserts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aerodb-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged write and never a partial bulk unit (${CYCLES} kill cycles)`, async () => {
    let previousLsn = 0;
    let totalAcked = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const killAfter = 20 + ((cycle * 7919) % 300);
      const acks = await runAndKill(dir, cycle + 1, killAfter);
      const db = await openDatabase({ dir, walSegmentBytes: 256 * 1024, onWarning: () => undefined });
      try {
        // LSNs never go backwards across crashes and recoveries.
        expect(db.lsn).toBeGreaterThanOrEqual(Math.max(acks.maxLsn, previousLsn));
        for (const [id] of acks.singles) {
          expect(await db.get('items', id), `acknowledged insert ${id} lost in cycle ${cycle}`).not.toBeNull();
        }
        for (const [batch, { size }] of acks.bulks) {
          const found = await db.find('items', { filter: { batch }, limit: 1000 });
          expect(found.data.length, `bulk ${batch} in cycle ${cycle}`).toBe(size);
        }
        // Every bulk unit on disk, acknowledged or not, is complete: page through everything.
        const seen = new Map<string, { size: number; count: number }>();
        let cursor: string | undefined;
        do {
          const page = await db.find('items', cursor ? { limit: 1000, cursor } : { limit: 1000 });
          for (const doc of page.data) {
            if (typeof doc.batch !== 'string') continue;
            const entry = seen.get(doc.batch) ?? { size: doc.size as number, count: 0 };
            entry.count++;
            seen.set(doc.batch, entry);
          }
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        for (const [batch, { size, count }] of seen) expect(count, `bulk unit ${batch} is partial`).toBe(size);
        const before = db.lsn;
        const { lsn } = await db.insert('items', { n: -1 });
        expect(lsn).toBeGreaterThan(before);
        previousLsn = lsn;
        totalAcked += acks.singles.size + acks.bulks.size;
      } finally {
        await db.close();
      }
    }
    expect(totalAcked).toBeGreaterThan(0);
  }, 600_000);
});
