import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { appendRange, makeTempDir, open, putUnit, tailNumbers } from './storage-fixture.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function segmentNames(): string[] {
  return readdirSync(join(dir, 'wal')).sort();
}

describe('WAL write and reopen', () => {
  it('creates the layout: FORMAT, LOCK while open, a preallocated first segment', async () => {
    const { storage, checkpoint, tail } = await open(dir, { segmentBytes: 8192 });
    expect(checkpoint).toBeNull();
    expect(tail).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'FORMAT'), 'utf8'))).toEqual({ format: 1 });
    expect(JSON.parse(readFileSync(join(dir, 'LOCK'), 'utf8'))).toEqual({ pid: process.pid });
    expect(segmentNames()).toEqual(['0000000000000001.log']);
    expect(statSync(join(dir, 'wal', '0000000000000001.log')).size).toBe(8192);
    expect(storage.lastLsn).toBe(0);
    await storage.close();
    expect(readdirSync(dir)).not.toContain('LOCK');
  });

  it('group commit: many concurrent appends share far fewer fdatasyncs', async () => {
    const { storage } = await open(dir, { fsync: true, segmentBytes: 1024 * 1024 });
    const count = 400;
    const waits: Array<Promise<void>> = [];
    // 8 "clients", each appending and waiting in a loop, as concurrent requests would.
    const client = async (id: number): Promise<void> => {
      for (let n = id; n < count; n += 8) await storage.waitDurable(storage.append(putUnit(n)));
    };
    for (let id = 0; id < 8; id++) waits.push(client(id));
    await Promise.all(waits);
    const stats = storage.stats();
    expect(stats.records).toBe(count);
    expect(storage.durableLsn).toBe(count);
    expect(stats.syncs).toBeGreaterThan(0);
    expect(stats.syncs).toBeLessThan(count / 4);
    expect(stats.flushes).toBe(stats.syncs);
    await storage.close();
  });

  it('a burst appended in one tick is one flush', async () => {
    const { storage } = await open(dir, { fsync: true });
    const lsns = Array.from({ length: 100 }, (_, n) => storage.append(putUnit(n)));
    expect(lsns).toEqual(Array.from({ length: 100 }, (_, n) => n + 1));
    await Promise.all(lsns.map((lsn) => storage.waitDurable(lsn)));
    expect(storage.stats()).toMatchObject({ flushes: 1, records: 100, syncs: 1 });
    await storage.close();
  });

  it('reopen returns every unit in LSN order and continues the LSNs', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 250);
    await first.storage.close();

    const second = await open(dir);
    expect(second.checkpoint).toBeNull();
    expect(second.tail.map((entry) => entry.lsn)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    expect(tailNumbers(second)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    expect(second.tail[0]!.unit).toEqual(putUnit(1));
    expect(second.storage.lastLsn).toBe(250);
    expect(second.storage.durableLsn).toBe(250);
    expect(second.storage.append(putUnit(251))).toBe(251);
    await second.storage.close();

    const third = await open(dir);
    expect(third.tail.length).toBe(251);
    expect(third.warnings).toEqual([]);
    await third.storage.close();
  });

  it('rolls over to new segments with a small segment size and reads them all back', async () => {
    const first = await open(dir, { segmentBytes: 4096 });
    // ~100-byte records: dozens of segments, each named after its first LSN
    await appendRange(first.storage, 1, 600, 'x'.repeat(40));
    expect(first.storage.stats().segmentsCreated).toBeGreaterThan(10);
    await first.storage.close();
    const names = segmentNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names.every((name) => /^[0-9a-f]{16}\.log$/.test(name))).toBe(true);
    expect(names[0]).toBe('0000000000000001.log');

    const second = await open(dir, { segmentBytes: 4096 });
    expect(tailNumbers(second)).toEqual(Array.from({ length: 600 }, (_, index) => index + 1));
    await appendRange(second.storage, 601, 700, 'x'.repeat(40));
    await second.storage.close();
    const third = await open(dir, { segmentBytes: 4096 });
    expect(third.tail.length).toBe(700);
    await third.storage.close();
  });

  it('a record bigger than a segment gets a segment of its own size', async () => {
    const first = await open(dir, { segmentBytes: 4096, fsync: true });
    await appendRange(first.storage, 1, 3);
    const big = { ops: Array.from({ length: 300 }, (_, n) => ({ o: 'put' as const, c: 'bulk', d: { _id: `b${n}`, text: 'y'.repeat(50) } })) };
    const bigLsn = first.storage.append(big);
    const after = first.storage.append(putUnit(99));
    await first.storage.waitDurable(after);
    await first.storage.close();

    const sizes = segmentNames().map((name) => statSync(join(dir, 'wal', name)).size);
    expect(Math.max(...sizes)).toBeGreaterThan(4096);
    const second = await open(dir, { segmentBytes: 4096 });
    expect(second.tail.map((entry) => entry.lsn)).toEqual([1, 2, 3, bigLsn, after]);
    expect(second.tail[3]!.unit).toEqual(big);
    await second.storage.close();
  });

  it('a first record bigger than the (empty) active segment replaces it', async () => {
    const first = await open(dir, { segmentBytes: 1024 });
    const big = { ops: [{ o: 'put' as const, c: 'c', d: { _id: 'big', text: 'z'.repeat(5000) } }] };
    await first.storage.waitDurable(first.storage.append(big));
    await first.storage.close();
    expect(segmentNames()).toEqual(['0000000000000001.log']);
    const second = await open(dir, { segmentBytes: 1024 });
    expect(second.tail).toEqual([{ lsn: 1, unit: big }]);
    await second.storage.close();
  });

  it('close flushes what is queued, is idempotent, and later appends fail with AERO_STORAGE_CLOSED', async () => {
    const { storage } = await open(dir);
    const lsn = storage.append(putUnit(1));
    const closed = storage.close();
    expect(storage.close()).toBe(closed);
    await closed;
    await expect(storage.waitDurable(lsn)).resolves.toBeUndefined();
    expect(() => storage.append(putUnit(2))).toThrowError(expect.objectContaining({ code: 'AERO_STORAGE_CLOSED' }) as unknown as Error);
    await expect(storage.writeCheckpoint({ lsn: 1, collections: [] })).rejects.toMatchObject({ code: 'AERO_STORAGE_CLOSED' });
    const reopened = await open(dir);
    expect(reopened.tail.length).toBe(1);
    await reopened.storage.close();
  });

  it('a failed write poisons the storage: every later append and wait fails with AERO_WAL_WRITE_FAILED', async () => {
    const { storage } = await open(dir);
    await appendRange(storage, 1, 5);
    // Simulate an OS failure: the active segment's descriptor is gone under the writer.
    const writer = (storage as unknown as { writer: { active: { handle: { close(): Promise<void> } } } }).writer;
    await writer.active.handle.close();
    const lsn = storage.append(putUnit(6));
    const failure = await storage.waitDurable(lsn).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AeroError);
    expect(failure).toMatchObject({ code: 'AERO_WAL_WRITE_FAILED', details: { segment: 'wal/0000000000000001.log', durable_lsn: 5 } });
    expect((failure as AeroError).message).toContain('wal/0000000000000001.log');
    expect((failure as AeroError).details['os_error']).toBe('EBADF');
    expect(() => storage.append(putUnit(7))).toThrow(failure as Error);
    await expect(storage.waitDurable(6)).rejects.toBe(failure);
    await expect(storage.waitDurable(5)).resolves.toBeUndefined();
    await storage.close();
    // Only acknowledged writes survive.
    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3, 4, 5]);
    await reopened.storage.close();
  });

  it('rejects a non-positive segment size', async () => {
    await expect(open(dir, { segmentBytes: 0 })).rejects.toMatchObject({ code: 'AERO_CONFIG_INVALID' });
  });

  it('refuses a directory written by an unknown storage format', async () => {
    const { storage } = await open(dir);
    await storage.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'FORMAT'), '{"format":2}');
    const error = await open(dir).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AERO_STORAGE_FORMAT', details: { found: 2, supported: 1 } });
    expect((error as AeroError).message).toContain('FORMAT');
    // the failed open released the lock
    expect(readdirSync(dir)).not.toContain('LOCK');
  });
});
