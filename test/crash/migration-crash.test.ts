import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/database.js';
import type { Database } from '../../src/engine/database-types.js';
import { readMigrationHistory } from '../../src/engine/migrations/history.js';
import { loadMigrations } from '../../src/engine/migrations/load-migrations.js';
import { migrateUp } from '../../src/engine/migrations/migrate-up.js';

// Crash atomicity (SPEC §7): a migration that backfills 50k documents is one WAL unit. A child
// process applies it (or rolls it back) and is SIGKILLed at a random moment, 10 times; after each
// reopen the database is exactly at the old version or exactly at the new one, never in between.

const CHILD = fileURLToPath(new URL('./fixtures/migration-child.mjs', import.meta.url));
const DOCS = 50_000;
const CYCLES = 10;

let root: string;
let dataDir: string;
let migrationsDir: string;

function writeMigrations(): void {
  mkdirSync(migrationsDir, { recursive: true });
  writeFileSync(
    join(migrationsDir, '001_items.aeromigration.json'),
    JSON.stringify({
      version: '001',
      name: 'items',
      up: [{ op: 'create_collection', schema: { collection: 'items', fields: { _id: { type: 'string', required: true }, n: { type: 'int', required: true } }, indexes: [{ name: 'n_idx', fields: ['n'] }] } }],
      down: [{ op: 'drop_collection', collection: 'items' }],
    }),
  );
  writeFileSync(
    join(migrationsDir, '002_flag.aeromigration.json'),
    JSON.stringify({
      version: '002',
      name: 'flag',
      up: [{ op: 'add_field', collection: 'items', field: { name: 'flag', type: 'bool', required: true, default: true } }],
      down: [{ op: 'remove_field', collection: 'items', field: 'flag' }],
    }),
  );
}

type Version = '001' | '002';

/** Reopens the database and classifies it; fails the test on any mixed state. */
async function observedVersion(): Promise<Version> {
  // the killed child leaves a stale LOCK; taking it over is expected here
  const db = await openDatabase({ dir: dataDir, fsync: true, onWarning: () => undefined });
  try {
    const history = await readMigrationHistory(db);
    const row = history.find((r) => r.version === '002');
    const applied = row?.direction === 'up';
    const schemaHasFlag = Object.hasOwn(db.schema('items')?.fields ?? {}, 'flag');
    const { withFlag, total } = await countFlagged(db);
    expect(total).toBe(DOCS);
    if (applied) {
      expect({ schemaHasFlag, withFlag }).toEqual({ schemaHasFlag: true, withFlag: DOCS });
      return '002';
    }
    expect({ schemaHasFlag, withFlag }).toEqual({ schemaHasFlag: false, withFlag: 0 });
    return '001';
  } finally {
    await db.close();
  }
}

async function countFlagged(db: Database): Promise<{ withFlag: number; total: number }> {
  let withFlag = 0;
  let total = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.find('items', cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
    for (const doc of page.data) {
      total++;
      if (doc['flag'] === true) withFlag++;
    }
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return { withFlag, total };
}

/** Runs the child; kills it `killAfterMs` after it is ready (null = let it finish). Returns ms from ready to exit. */
function runChild(direction: 'up' | 'down', killAfterMs: number | null): Promise<{ ms: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, migrationsDir, direction], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyAt = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (readyAt === 0 && out.includes('ready\n')) {
        readyAt = performance.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ ms: performance.now() - readyAt, finished: out.includes('done\n') });
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aerodb-crash-'));
  dataDir = join(root, 'data');
  migrationsDir = join(root, 'migrations');
  writeMigrations();
  const db = await openDatabase({ dir: dataDir, fsync: true });
  try {
    await migrateUp(db, loadMigrations(migrationsDir), { target: '001', clock: () => new Date(0) });
    for (let start = 0; start < DOCS; start += 10_000) {
      const batch = Array.from({ length: 10_000 }, (_, i) => ({ _id: `item-${String(start + i).padStart(6, '0')}`, n: start + i }));
      await db.insert('items', batch);
    }
  } finally {
    await db.close();
  }
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a migration killed with SIGKILL', () => {
  it(`leaves the database exactly at the old or the new version (${CYCLES} random kills)`, async () => {
    expect(await observedVersion()).toBe('001');
    // Calibrate: how long one uninterrupted step takes here.
    const up = await runChild('up', null);
    expect(await observedVersion()).toBe('002');
    const down = await runChild('down', null);
    expect(await observedVersion()).toBe('001');
    const span = Math.max(up.ms, down.ms, 20);

    const outcomes: string[] = [];
    let version: Version = '001';
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const direction = version === '001' ? 'up' : 'down';
      const killAfter = Math.floor(Math.random() * span * 0.8);
      const run = await runChild(direction, killAfter);
      const after = await observedVersion();
      outcomes.push(`${direction} killed at ${killAfter}/${Math.round(span)} ms -> ${after}${run.finished ? ' (had finished)' : ''}`);
      if (run.finished) expect(after).toBe(direction === 'up' ? '002' : '001');
      version = after;
    }
    console.log(`migration crash cycles:\n  ${outcomes.join('\n  ')}`);
  }, 600_000);
});
