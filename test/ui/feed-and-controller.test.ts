// The in-process feed over a real database with its operation log, and the controller's batching:
// a burst of thousands of operations reaches the dashboard as a few bounded batches.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/database.js';
import type { Database } from '../../src/engine/database-types.js';
import { InProcessFeed } from '../../src/services/dashboard/in-process-feed.js';
import type { ServerMigrationHooks } from '../../src/services/server-migration-hooks.js';
import { DashboardController } from '../../src/ui/dashboard-controller.js';
import type { FeedEvent } from '../../src/ui/models/feed-events.js';
import { OPLOG_KEEP } from '../../src/ui/models/oplog-model.js';
import { EPOCH, row, ScriptedFeed, SERVER, settle, SIZE, statusReport } from './ui-fixture.js';

const dirs: string[] = [];
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function openDb(): Promise<Database> {
  const dir = mkdtempSync(join(os.tmpdir(), 'aerodb-dash-'));
  dirs.push(dir);
  const db = await openDatabase({ dir, fsync: false, oplog: { flushIntervalMs: 10 } });
  cleanup.push(() => db.close());
  await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'posts', fields: { _id: { type: 'string', required: true }, title: { type: 'string', required: true } }, indexes: [] } }]);
  // the schema change is logged before the feed listens
  await db.oplog?.flush();
  return db;
}

const hooks = (): ServerMigrationHooks =>
  ({
    status: async () => statusReport(),
    up: async () => {
      throw new Error('not in this test');
    },
    down: async () => {
      throw new Error('not in this test');
    },
  }) as unknown as ServerMigrationHooks;

describe('in-process feed', () => {
  it('reports the server, stats with the operation counter, log lines and oplog rows in batches', async () => {
    const db = await openDb();
    const feed = new InProcessFeed({ intervalMs: 20, statsIntervalMs: 50 });
    cleanup.push(() => feed.close());
    const batches: FeedEvent[][] = [];
    feed.subscribe((events) => batches.push(events));
    feed.log('GET /api/health 200');
    feed.attach({ db, migrations: hooks(), info: SERVER });
    await db.insert('posts', { _id: 'p1', title: 'one' });
    await db.find('posts', { filter: { _id: 'p1' }, limit: 5 });
    await settle(120);
    const events = batches.flat();
    expect(events.find((e) => e.type === 'server')).toEqual({ type: 'server', info: SERVER });
    const logs = events.filter((e) => e.type === 'log').flatMap((e) => (e.type === 'log' ? e.lines : []));
    expect(logs[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET \/api\/health 200$/);
    const rows = events.flatMap((e) => (e.type === 'oplog' ? e.rows : []));
    expect(rows.map((r) => [r.collection, r.operation])).toEqual([
      ['posts', 'insert'],
      ['posts', 'find'],
    ]);
    expect(JSON.parse(rows[1]!.line)).toMatchObject({ operation: 'find', filter: { _id: 'p1' }, documents_returned: 1 });
    const lastStats = events.filter((e) => e.type === 'stats').at(-1);
    expect(lastStats?.type === 'stats' && lastStats.sample.opsTotal).toBeGreaterThanOrEqual(2);
    expect(lastStats?.type === 'stats' && lastStats.sample.stats.collections.map((c) => c.name)).toContain('posts');
    // the watchers changed something: a fresh migration status follows
    feed.watchEvent({ kind: 'migration_pending', version: '003', name: 'add_tags', file: '003_add_tags.aeromigration.json' });
    await settle(80);
    expect(batches.flat().filter((e) => e.type === 'migrations')).toHaveLength(1);
  });

  it('a burst of 5,000 operations arrives as a few batches of at most OPLOG_KEEP rows, the rest counted as skipped', async () => {
    const db = await openDb();
    const feed = new InProcessFeed({ intervalMs: 100, statsIntervalMs: 10_000 });
    cleanup.push(() => feed.close());
    const batches: FeedEvent[][] = [];
    feed.subscribe((events) => batches.push(events));
    feed.attach({ db, migrations: hooks(), info: SERVER });
    for (let i = 0; i < 5000; i++) await db.insert('posts', { _id: `p${i}`, title: 't' });
    await settle(250);
    const oplog = batches.flat().filter((e) => e.type === 'oplog');
    const rows = oplog.reduce((n, e) => n + (e.type === 'oplog' ? e.rows.length : 0), 0);
    const skipped = oplog.reduce((n, e) => n + (e.type === 'oplog' ? e.skipped : 0), 0);
    expect(rows + skipped).toBe(5000);
    for (const e of oplog) expect(e.type === 'oplog' && e.rows.length).toBeLessThanOrEqual(OPLOG_KEEP);
    // the newest entry always arrives
    const last = oplog.at(-1);
    expect(last?.type === 'oplog' && JSON.parse(last.rows.at(-1)!.line)).toMatchObject({ operation: 'insert', affected_ids: ['p4999'] });
  });

  it('says why there is no live oplog when the log is off', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'aerodb-dash-'));
    dirs.push(dir);
    const db = await openDatabase({ dir, fsync: false });
    cleanup.push(() => db.close());
    const feed = new InProcessFeed({ intervalMs: 10 });
    cleanup.push(() => feed.close());
    const batches: FeedEvent[][] = [];
    feed.subscribe((events) => batches.push(events));
    feed.attach({ db, migrations: hooks(), info: SERVER });
    await settle(40);
    expect(batches.flat().find((e) => e.type === 'oplog_unavailable')).toMatchObject({ reason: expect.stringContaining('[observability.oplog]') });
    expect(batches.flat().find((e) => e.type === 'stats')).toMatchObject({ sample: { opsTotal: null } });
  });
});

describe('controller', () => {
  it('applies feed events at most once per frame however many batches arrive; keys apply at once', async () => {
    const feed = new ScriptedFeed();
    let clock = 0;
    const frames: number[] = [];
    const controller = new DashboardController(feed, { size: SIZE, frameMs: 50, now: () => clock, epochNow: () => EPOCH, onQuit: () => undefined, onFrame: (ms) => frames.push(ms) });
    let renders = 0;
    controller.subscribe(() => renders++);
    controller.start();
    cleanup.push(async () => controller.stop());
    await settle(5);
    renders = 0;
    for (let i = 0; i < 100; i++) feed.emit({ type: 'oplog', rows: [row(i + 1)], skipped: 0 });
    expect(renders).toBe(0);
    await settle(80);
    expect(renders).toBe(1);
    expect(controller.state.oplog.rows).toHaveLength(100);
    controller.press({ input: '4' });
    expect(renders).toBe(2);
    expect(controller.state.view).toBe('oplog');
    expect(frames.length).toBeGreaterThanOrEqual(2);
  });

  it('runs effects: initial migration status and functions, find results, migrate then refresh', async () => {
    const feed = new ScriptedFeed();
    const controller = new DashboardController(feed, { size: SIZE, epochNow: () => EPOCH, onQuit: () => undefined });
    controller.start();
    cleanup.push(async () => controller.stop());
    feed.emit({ type: 'server', info: SERVER });
    controller.flush();
    await settle(5);
    expect(feed.calls).toEqual(['status', 'functions']);
    expect(controller.state.migrations.report?.current).toBe('002');
    expect(controller.state.functions.snapshot).toEqual({ available: false, reason: 'this server runs no WASM functions yet' });
    controller.press({ input: '3' });
    for (const input of ['u', '0', '0', '3']) controller.press({ input });
    controller.press({ input: '', return: true });
    await settle(5);
    expect(feed.calls.slice(2)).toEqual(['status', 'migrate up 003', 'status']);
    expect(controller.state.migrations.outcome).toMatchObject({ ok: true });
  });
});
