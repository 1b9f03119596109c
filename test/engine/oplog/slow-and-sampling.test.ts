import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/engine/database-types.js';
import { OplogSampler, sampleHash } from '../../../src/engine/oplog/oplog-sampler.js';
import { oplogSeq } from '../../../src/engine/oplog/oplog-entry.js';
import type { OplogOptions } from '../../../src/engine/oplog/oplog-options.js';
import { TempDirs } from '../database/temp-dirs.js';
import { openWithOplog, queryEntries, SteppingClock, USERS } from './oplog-fixture.js';

const temp = new TempDirs();
const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  temp.removeAll();
});

async function setup(options: OplogOptions, clock: SteppingClock): Promise<Database> {
  const db = await openWithOplog(temp.make('aerodb-oplog-'), { ...options, clock });
  open.push(db);
  await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
  await db.insert('users', { _id: 'u1', name: 'A' });
  return db;
}

async function userEntries(db: Database) {
  return (await queryEntries(db)).filter((e) => e.collection === 'users' && e.operation === 'get');
}

describe('slow operations', () => {
  it('flags an operation exactly at threshold_ms as slow, and one just below as not', async () => {
    const clock = new SteppingClock(100);
    const db = await setup({ slowQueries: { thresholdMs: 100 } }, clock);
    await db.get('users', 'u1');
    clock.stepMs = 99.999;
    await db.get('users', 'u1');
    clock.stepMs = 250;
    await db.get('users', 'u1');
    clock.stepMs = 1;
    const gets = await userEntries(db);
    expect(gets.map((e) => [e.duration_ms, e.slow])).toEqual([[100, true], [99.999, false], [250, true]]);
  });

  it('threshold_ms 0 makes every operation slow; slow_queries disabled makes none slow', async () => {
    const all = await setup({ slowQueries: { thresholdMs: 0 } }, new SteppingClock(0));
    await all.get('users', 'u1');
    expect((await userEntries(all)).map((e) => e.slow)).toEqual([true]);
    const none = await setup({ slowQueries: { enabled: false, thresholdMs: 0, sampleRate: 0 } }, new SteppingClock(500));
    await none.get('users', 'u1');
    expect((await userEntries(none)).map((e) => e.slow)).toEqual([false]);
  });
});

describe('sampling', () => {
  it('keeps exactly the non-slow entries the seeded sampler picks, and every slow and failed one', async () => {
    const clock = new SteppingClock(1);
    const db = await setup({ slowQueries: { thresholdMs: 50, sampleRate: 0.3 }, sampleSeed: 42 }, clock);
    const sampler = new OplogSampler(0.3, 42);
    const expected: string[] = [];
    const first = db.oplog!.stats().seq + 1;
    for (let i = 0; i < 300; i++) {
      const seq = first + i;
      const kind = i % 10 === 3 ? 'slow' : i % 10 === 7 ? 'error' : 'fast';
      clock.stepMs = kind === 'slow' ? 60 : 1;
      if (kind === 'error') await expect(db.get('users', '')).rejects.toMatchObject({ code: 'AERO_QUERY_INVALID' });
      else await db.get('users', 'u1');
      if (kind !== 'fast' || sampler.keep(seq)) expected.push(`${seq}:${kind}`);
    }
    clock.stepMs = 1;
    const kept = (await userEntries(db)).map((e) => `${oplogSeq(e._id)}:${e.slow ? 'slow' : e.status === 'error' ? 'error' : 'fast'}`);
    expect(kept).toEqual(expected);
    const fastKept = kept.filter((k) => k.endsWith(':fast')).length;
    expect(fastKept).toBeGreaterThan(0.3 * 240 * 0.6);
    expect(fastKept).toBeLessThan(0.3 * 240 * 1.4);
    expect(db.oplog!.stats().sampled_out).toBeGreaterThanOrEqual(240 - fastKept);
  });

  it('sample_rate 0 keeps only slow and failed entries; 1 keeps everything', async () => {
    const clock = new SteppingClock(1);
    const db = await setup({ slowQueries: { thresholdMs: 50, sampleRate: 0 } }, clock);
    for (let i = 0; i < 20; i++) await db.get('users', 'u1');
    clock.stepMs = 80;
    await db.get('users', 'u1');
    clock.stepMs = 1;
    expect((await userEntries(db)).map((e) => e.slow)).toEqual([true]);
  });

  it('the sampler is a pure function of (seed, seq) with the configured rate', () => {
    const a = new OplogSampler(0.25, 7);
    const b = new OplogSampler(0.25, 7);
    const c = new OplogSampler(0.25, 8);
    let kept = 0;
    let differs = 0;
    let disagree = 0;
    for (let seq = 1; seq <= 100_000; seq++) {
      if (a.keep(seq) !== b.keep(seq)) disagree++;
      if (a.keep(seq)) kept++;
      if (a.keep(seq) !== c.keep(seq)) differs++;
    }
    expect(disagree).toBe(0);
    expect(kept / 100_000).toBeGreaterThan(0.245);
    expect(kept / 100_000).toBeLessThan(0.255);
    expect(differs).toBeGreaterThan(10_000);
    expect(sampleHash(7, 2 ** 40 + 5)).not.toBe(sampleHash(7, 5));
    expect(new OplogSampler(0, 1).keep(1)).toBe(false);
    expect(new OplogSampler(1, 1).keep(1)).toBe(true);
  });
});
