// The functions runtime over a real database, with one built artifact (the kitchen-sink fixture)
// deployed under several names and manifests: results, host functions, capabilities and RLS, the
// env allowlist, limits (timeout, memory cap, traps) with recovery, determinism and replay, the pool
// queue, atomic version swaps, db triggers and schedules.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitFeed } from '../../../src/engine/changes/commit-feed.js';
import { openDatabase } from '../../../src/engine/database.js';
import type { Caller, Database } from '../../../src/engine/database-types.js';
import type { BuiltFunction } from '../../../src/engine/functions/compile/build-function.js';
import { FunctionRuntime } from '../../../src/engine/functions/runtime/function-runtime.js';
import { FunctionStore } from '../../../src/engine/functions/store/function-store.js';
import { DbTriggerDispatcher, MAX_TRIGGER_DEPTH } from '../../../src/engine/functions/triggers/db-trigger-dispatcher.js';
import { ScheduleTriggers } from '../../../src/engine/functions/triggers/schedule-triggers.js';
import { builtFunction, makeProject, variant } from './fixture/function-fixture.js';

const SERVICE: Caller = { kind: 'service' };
const ANON: Caller = { kind: 'anon' };
const USER: Caller = { kind: 'user', sub: 'u1' };

let root: string;
let db: Database;
let feed: CommitFeed;
let runtime: FunctionRuntime;
let dispatcher: DbTriggerDispatcher;
let built: BuiltFunction;
let store: FunctionStore;

async function deploy(fn: BuiltFunction): Promise<void> {
  await runtime.activate(store.save(fn, new Date().toISOString()), fn.modules);
}

function invoke(name: string, input: unknown, caller: Caller = SERVICE) {
  return runtime.invoke(name, input, { trigger: 'cli', caller });
}

beforeAll(async () => {
  root = makeProject();
  feed = new CommitFeed();
  db = await openDatabase({ dir: join(root, '.aerodb'), fsync: false, commitFeed: feed, oplog: {} });
  await db.applySchemaOps([
    { op: 'create_collection', schema: { collection: 'posts', fields: { _id: { type: 'string', required: true }, title: { type: 'string', required: true } } } },
    { op: 'create_collection', schema: { collection: 'audit', fields: { _id: { type: 'string', required: true }, event: { type: 'string', required: true }, ref: { type: 'string', required: true } } } },
    {
      op: 'create_collection',
      schema: {
        collection: 'notes',
        fields: { _id: { type: 'string', required: true }, owner: { type: 'string', required: true }, text: { type: 'string', required: true } },
        rls: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'owner' },
      },
    },
  ]);
  await db.insert('posts', [{ _id: 'p1', title: 'first' }, { _id: 'p2', title: 'second' }]);
  await db.insert('notes', [{ _id: 'n1', owner: 'u1', text: 'mine' }, { _id: 'n2', owner: 'u2', text: 'theirs' }]);
  built = await builtFunction(root, 'kitchen-sink');
  runtime = await FunctionRuntime.open({ db, dataDir: join(root, '.aerodb'), poolSize: 2, env: { AERO_TEST_ALLOWED: 'yes', AERO_TEST_SECRET: 'leak' } });
  store = runtime.store;
  await deploy(built);
  await deploy(variant(built, 'readonly', { capabilities: ['database_read'] }));
  await deploy(variant(built, 'nocaps', { capabilities: [], env: [] }));
  await deploy(variant(built, 'quick', { timeout_ms: 300 }));
  await deploy(variant(built, 'auditor', { triggers: [{ db: { collection: 'posts', events: ['delete', 'insert', 'update'] } }] }));
  await deploy(variant(built, 'failing-trigger', { capabilities: [], triggers: [{ db: { collection: 'posts', events: ['insert'] } }] }));
  dispatcher = new DbTriggerDispatcher(runtime, feed);
  await runtime.warm();
}, 120_000);

afterAll(async () => {
  dispatcher?.close();
  await runtime?.close();
  await db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('invocation', () => {
  it('echoes JSON and transforms it', async () => {
    expect((await invoke('kitchen-sink', { op: 'echo', value: { a: [1, 'two', null], b: true } })).value).toEqual({ a: [1, 'two', null], b: true });
    const result = await invoke('kitchen-sink', { op: 'transform', items: [{ name: 'pear', price: 2, qty: 3 }, { name: 'apple', price: 1.5, qty: 2 }] });
    expect(result).toMatchObject({ function: 'kitchen-sink', version: 1, value: { total: 9, names: ['APPLE', 'PEAR'] } });
    expect(result.invocation_id).toMatch(/^inv_[0-9a-f]{16}$/);
  });

  it('reads and writes the database under its capabilities', async () => {
    expect((await invoke('kitchen-sink', { op: 'get', collection_name: 'posts', id: 'p1' })).value).toEqual({ _id: 'p1', title: 'first' });
    const inserted = await invoke('kitchen-sink', { op: 'insert', collection_name: 'posts', doc: { _id: 'from-fn', title: 'written by a function' } });
    expect(inserted.value).toEqual({ _id: 'from-fn', title: 'written by a function' });
    expect(await db.get('posts', 'from-fn')).toEqual({ _id: 'from-fn', title: 'written by a function' });

    expect((await invoke('readonly', { op: 'get', collection_name: 'posts', id: 'p2' })).value).toEqual({ _id: 'p2', title: 'second' });
    expect((await invoke('readonly', { op: 'insert', collection_name: 'posts', doc: { title: 'x' }, catch: true })).value).toMatchObject({ error: 'AERO_FUNCTION_CAPABILITY_DENIED' });
    expect((await invoke('nocaps', { op: 'get', collection_name: 'posts', id: 'p2', catch: true })).value).toMatchObject({ error: 'AERO_FUNCTION_CAPABILITY_DENIED', message: expect.stringContaining('database_read') });
  });

  it('an uncaught database error fails the invocation with the function\'s message and the cause code', async () => {
    const failure = invoke('nocaps', { op: 'insert', collection_name: 'posts', doc: { title: 'x' } });
    await expect(failure).rejects.toMatchObject({ code: 'AERO_FUNCTION_ERROR', status: 500, details: { function: 'nocaps', error: { name: 'DbError', code: 'AERO_FUNCTION_CAPABILITY_DENIED' } } });
  });

  it('db calls run with the invoking caller\'s row-level security', async () => {
    expect((await invoke('kitchen-sink', { op: 'find', collection_name: 'notes' }, USER)).value).toEqual(['n1']);
    expect((await invoke('kitchen-sink', { op: 'find', collection_name: 'notes' }, SERVICE)).value).toEqual(['n1', 'n2']);
    expect((await invoke('kitchen-sink', { op: 'get', collection_name: 'notes', id: 'n2' }, USER)).value).toBeNull();
    const anonWrite = await invoke('kitchen-sink', { op: 'insert', collection_name: 'notes', doc: { text: 'anon' }, catch: true }, ANON);
    expect(anonWrite.value).toMatchObject({ error: 'AERO_RLS_DENIED' });
    const userWrite = await invoke('kitchen-sink', { op: 'insert', collection_name: 'notes', doc: { text: 'stamped' } }, USER);
    expect(userWrite.value).toMatchObject({ owner: 'u1', text: 'stamped' });
  });

  it('env-get sees only the allowlisted names that are set', async () => {
    const result = await invoke('kitchen-sink', { op: 'env', names: ['AERO_TEST_ALLOWED', 'AERO_TEST_UNSET', 'AERO_TEST_SECRET', 'PATH'] });
    expect(result.value).toEqual({ AERO_TEST_ALLOWED: 'yes', AERO_TEST_UNSET: null, AERO_TEST_SECRET: null, PATH: null });
    expect((await invoke('nocaps', { op: 'env', names: ['AERO_TEST_ALLOWED'] })).value).toEqual({ AERO_TEST_ALLOWED: null });
  });

  it('now, Date and random are the invocation\'s fixed clock and seeded generator', async () => {
    const { value } = (await invoke('kitchen-sink', { op: 'clock' })) as { value: { now: number; date_now: number; iso: string; random: number[] } };
    expect(value.date_now).toBe(value.now);
    expect(new Date(value.iso).getTime()).toBe(value.now);
    expect(value.random.every((r) => r >= 0 && r < 1)).toBe(true);
    expect(new Set(value.random).size).toBe(3);
  });

  it('logs land in the function log with the invocation id', async () => {
    const result = await invoke('kitchen-sink', { op: 'log', count: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = runtime.logs.read('kitchen-sink').filter((e) => e.invocation_id === result.invocation_id);
    expect(lines.map((e) => [e.level, e.message])).toEqual([
      ['info', 'line 0'],
      ['info', 'line 1'],
      ['warn', 'from console {"n":1}'],
    ]);
    const flood = await invoke('kitchen-sink', { op: 'log', count: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const flooded = runtime.logs.read('kitchen-sink').filter((e) => e.invocation_id === flood.invocation_id);
    expect(flooded).toHaveLength(1000);
    expect(flooded.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('log limit reached') });
  });

  it('thrown errors and reject() keep the function\'s message', async () => {
    await expect(invoke('kitchen-sink', { op: 'throw', message: 'bad things' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_ERROR', message: 'function "kitchen-sink" threw Error: bad things' });
    await expect(invoke('kitchen-sink', { op: 'reject', message: 'name is required' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_REJECTED', status: 400, message: 'name is required', details: { rejected: { field: 'name' } } });
    await expect(invoke('kitchen-sink', { op: 'async' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_ERROR', message: expect.stringContaining('returned a Promise') });
  });

  it('an unknown function is AERO_FUNCTION_NOT_FOUND', async () => {
    await expect(invoke('missing', {})).rejects.toMatchObject({ code: 'AERO_FUNCTION_NOT_FOUND', status: 404 });
  });
});

describe('limits', () => {
  it('kills an infinite loop within timeout + 100 ms, and the next call succeeds', async () => {
    const started = performance.now();
    await expect(invoke('quick', { op: 'spin' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_TIMEOUT', status: 504 });
    expect(performance.now() - started).toBeLessThan(300 + 100);
    expect((await invoke('quick', { op: 'echo', value: 'alive' })).value).toBe('alive');
  });

  it('stops an allocation bomb at the memory cap, and the next call succeeds', async () => {
    await expect(invoke('kitchen-sink', { op: 'alloc' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_MEMORY', status: 507, details: { memory_mb: 32 } });
    expect((await invoke('kitchen-sink', { op: 'echo', value: 1 })).value).toBe(1);
  });

  it('a trap replaces the instance, and the next call succeeds', async () => {
    await expect(invoke('kitchen-sink', { op: 'deep' })).rejects.toMatchObject({ code: 'AERO_FUNCTION_TRAP', message: expect.stringContaining('trapped') });
    for (let i = 0; i < 4; i++) expect((await invoke('kitchen-sink', { op: 'echo', value: i })).value).toBe(i);
  });

  it('invocations beyond the pool wait in the queue instead of failing', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => invoke('kitchen-sink', { op: 'busy', n: 15 + (i % 3) })));
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 12 }, (_, i) => [610, 987, 1597][i % 3]));
  });

  it('a full queue refuses with AERO_FUNCTION_BUSY', async () => {
    const small = await FunctionRuntime.open({ db, dataDir: join(root, '.aerodb'), poolSize: 1, maxQueue: 1 });
    await small.warm();
    try {
      const first = small.invoke('kitchen-sink', { op: 'busy', n: 22 }, { trigger: 'cli', caller: SERVICE });
      const second = small.invoke('kitchen-sink', { op: 'busy', n: 5 }, { trigger: 'cli', caller: SERVICE });
      const third = small.invoke('kitchen-sink', { op: 'busy', n: 5 }, { trigger: 'cli', caller: SERVICE });
      await expect(third).rejects.toMatchObject({ code: 'AERO_FUNCTION_BUSY', status: 503 });
      expect((await first).value).toBe(17711);
      expect((await second).value).toBe(5);
    } finally {
      await small.close();
    }
  });
});

describe('versions', () => {
  it('a new version swaps in atomically: the call in flight finishes on the old one', async () => {
    const inFlight = invoke('kitchen-sink', { op: 'busy', n: 24 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await deploy(variant(built, 'kitchen-sink', { description: 'v2' }));
    const after = await invoke('kitchen-sink', { op: 'echo', value: 'v2?' });
    expect((await inFlight).version).toBe(1);
    expect(after.version).toBe(2);
  });
});

describe('determinism and replay', () => {
  it('replays an invocation byte for byte (same input, now and seed)', async () => {
    const original = await invoke('kitchen-sink', { op: 'clock' });
    const report = await runtime.replay(original.invocation_id);
    expect(report).toMatchObject({ invocation_id: original.invocation_id, function: 'kitchen-sink', matches: true, replay: { status: 'ok', value: original.value } });
    expect(report.host_calls.first_difference).toBeNull();
  });

  it('a replay reads the current state and reports the first read that changed', async () => {
    const original = await invoke('kitchen-sink', { op: 'read-and-random', id: 'p2' });
    expect((await runtime.replay(original.invocation_id)).matches).toBe(true);
    await db.update('posts', 'p2', { title: 'second, edited' });
    const report = await runtime.replay(original.invocation_id);
    expect(report.matches).toBe(false);
    expect(report.host_calls.first_difference).toMatchObject({ index: 0, reason: expect.stringContaining('different answer') });
    expect(report.replay.value).toMatchObject({ title: 'second, edited' });
  });

  it('a replay answers writes from the record instead of applying them', async () => {
    const original = await invoke('kitchen-sink', { op: 'write-and-return', title: 'once' });
    const before = (await db.find('posts', { limit: 100 })).data.length;
    const report = await runtime.replay(original.invocation_id);
    expect(report).toMatchObject({ matches: true, writes_not_applied: 1 });
    expect((await db.find('posts', { limit: 100 })).data.length).toBe(before);
  });

  it('an unknown invocation id is AERO_FUNCTION_INVOCATION_NOT_FOUND', async () => {
    await expect(runtime.replay('inv_00000000000fffff')).rejects.toMatchObject({ code: 'AERO_FUNCTION_INVOCATION_NOT_FOUND' });
  });

  it('every invocation is in the operation log with its id, outcome and hashes', async () => {
    const ok = await invoke('kitchen-sink', { op: 'echo', value: 'logged' });
    await expect(invoke('kitchen-sink', { op: 'throw', message: 'x' })).rejects.toThrow();
    await db.oplog!.flush();
    const entries = db.oplog!.recent(1000, (e) => e.operation === 'function').map((line) => JSON.parse(line.line) as { request_id: string; status: string; error_code: string | null; detail: string });
    const entry = entries.find((e) => e.request_id === ok.invocation_id)!;
    expect(entry.status).toBe('ok');
    expect(JSON.parse(entry.detail)).toMatchObject({ function: 'kitchen-sink', trigger: 'cli', input_sha256: expect.any(String), output_sha256: expect.any(String), seed: expect.any(Number) });
    expect(entries.at(-1)).toMatchObject({ status: 'error', error_code: 'AERO_FUNCTION_ERROR' });
  });
});

describe('triggers', () => {
  it('a db trigger fires once per committed write, after the commit, never for a failed write', async () => {
    await dispatcher.settle();
    await db.insert('posts', [{ _id: 't1', title: 'a' }, { _id: 't2', title: 'b' }]);
    await db.update('posts', 't1', { title: 'a2' });
    await db.delete('posts', 't2');
    await expect(db.insert('posts', { _id: 't1', title: 'dup' })).rejects.toMatchObject({ code: 'AERO_VALIDATION_DUPLICATE_ID' });
    await dispatcher.settle();
    const audit = (await db.find('audit', { limit: 100 })).data.map((d) => `${String(d['event'])}:${String(d['ref'])}`).filter((e) => /:t[12]$/.test(e));
    expect(audit.sort()).toEqual(['delete:t2', 'insert:t1', 'insert:t2', 'update:t1']);
  });

  it('a failing triggered function is logged and the write stands', async () => {
    await db.insert('posts', { _id: 't3', title: 'c' });
    await dispatcher.settle();
    expect(await db.get('posts', 't3')).toMatchObject({ title: 'c' });
    const failures = runtime.logs.read('failing-trigger').filter((e) => e.source === 'aerodb' && e.level === 'error');
    expect(failures.at(-1)?.message).toMatch(/AERO_FUNCTION_ERROR.*capability/);
  });

  it('writes of triggered functions trigger further functions, at most MAX_TRIGGER_DEPTH deep', async () => {
    // "chain" watches audit inserts and inserts into audit itself: a loop
    await deploy(variant(built, 'chain', { triggers: [{ db: { collection: 'audit', events: ['insert'] } }] }));
    try {
      await db.insert('audit', { _id: 'chain-start', event: 'seed', ref: 'chain' });
      await dispatcher.settle();
      const chained = (await db.find('audit', { limit: 100 })).data.filter((d) => /^insert:(insert:)*chain-start:/.test(d._id));
      expect(chained).toHaveLength(MAX_TRIGGER_DEPTH);
      expect(runtime.logs.read('chain').at(-1)?.message).toMatch(/not run: it was caused by invocation inv_[0-9a-f]{16}, 8 triggers deep/);
    } finally {
      await deploy(variant(built, 'chain', { triggers: [] }));
    }
  });

  it('a schedule fires while running (cron with seconds)', async () => {
    await deploy(variant(built, 'ticker', { triggers: [{ schedule: { cron: '* * * * * *' } }] }));
    const schedules = new ScheduleTriggers(runtime);
    try {
      expect(schedules.nextRuns()).toEqual([{ function: 'ticker', cron: '* * * * * *', next_run: expect.any(String) }]);
      const deadline = Date.now() + 5000;
      let runs: string[] = [];
      while (runs.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = (await db.find('audit', { limit: 100 })).data.filter((d) => d['event'] === 'schedule').map((d) => d._id);
      }
      expect(runs.length).toBeGreaterThan(0);
      expect(runs[0]).toMatch(/^schedule:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    } finally {
      await schedules.close();
    }
  });
});
