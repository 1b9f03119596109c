import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AeroError } from '../../../src/engine/errors/aero-error.js';
import type { CheckpointContents, Storage } from '../../../src/engine/storage/storage.js';
import { RECORD_HEADER_BYTES } from '../../../src/engine/storage/record-format.js';
import type { Doc } from '../../../src/engine/types.js';
import { appendRange, makeTempDir, open, putUnit, tailNumbers } from './storage-fixture.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function files(sub: string): string[] {
  return readdirSync(join(dir, sub)).sort();
}

function docs(count: number, prefix = 'd'): Doc[] {
  return Array.from({ length: count }, (_, n) => Object.freeze({ _id: `${prefix}${n}`, n, tags: ['a', 'b'], nested: { x: n } }));
}

function snapshotAt(storage: Storage, collections: CheckpointContents['collections']): CheckpointContents {
  return { lsn: storage.lastLsn, collections };
}

describe('checkpoints', () => {
  it('round-trips a checkpoint, replays only the tail above it, and keeps LSNs monotonic', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 50);
    const contents = [
      { name: 'c', docs: docs(2500) }, // spans several ~1000-document chunk records
      { name: 'empty', docs: [] },
      { name: '_system.schemas', docs: docs(3, 's') },
    ];
    await first.storage.writeCheckpoint(snapshotAt(first.storage, contents));
    expect(first.storage.checkpointLsn).toBe(50);
    expect(first.storage.walBytesSinceCheckpoint()).toBe(0);
    await appendRange(first.storage, 51, 60);
    expect(first.storage.walBytesSinceCheckpoint()).toBeGreaterThan(0);
    await first.storage.close();
    expect(files('checkpoints')).toEqual(['0000000000000032.ckpt']);

    const second = await open(dir);
    expect(second.checkpoint).toEqual({ lsn: 50, collections: contents });
    expect(second.tail.map((entry) => entry.lsn)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(second.storage.checkpointLsn).toBe(50);
    expect(second.storage.lastLsn).toBe(60);
    expect(second.storage.append(putUnit(61))).toBe(61);
    await second.storage.close();
  });

  it('rolls the WAL and deletes the segments and checkpoints it supersedes', async () => {
    const { storage } = await open(dir, { segmentBytes: 4096 });
    await appendRange(storage, 1, 300, 'x'.repeat(40));
    expect(files('wal').length).toBeGreaterThan(5);
    await storage.writeCheckpoint(snapshotAt(storage, [{ name: 'c', docs: docs(10) }]));
    // the new segment starts right after the checkpoint; everything older is gone
    expect(files('wal')).toEqual(['000000000000012d.log']);
    await appendRange(storage, 301, 310);
    await storage.writeCheckpoint(snapshotAt(storage, [{ name: 'c', docs: docs(11) }]));
    expect(files('checkpoints')).toEqual(['0000000000000136.ckpt']);
    expect(files('wal')).toEqual(['0000000000000137.log']);
    await storage.close();
  });

  it('continues LSNs after a checkpoint even when every WAL segment was deleted', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 20);
    await first.storage.writeCheckpoint(snapshotAt(first.storage, [{ name: 'c', docs: docs(20) }]));
    await first.storage.close();
    for (const name of files('wal')) rmSync(join(dir, 'wal', name));

    const second = await open(dir);
    expect(second.checkpoint?.lsn).toBe(20);
    expect(second.tail).toEqual([]);
    expect(second.storage.lastLsn).toBe(20);
    expect(second.storage.append(putUnit(21))).toBe(21);
    await second.storage.waitDurable(21);
    await second.storage.close();
    expect(files('wal')).toEqual(['0000000000000015.log']);

    const third = await open(dir);
    expect(tailNumbers(third)).toEqual([21]);
    await third.storage.close();
  });

  it('drops (unread) segments that a checkpoint covers but whose deletion did not happen', async () => {
    const first = await open(dir, { segmentBytes: 2048 });
    await appendRange(first.storage, 1, 100, 'y'.repeat(30));
    // segments only: the next one may be being preallocated under a .tmp name (renamed any moment)
    const namesBefore = files('wal').filter((name) => name.endsWith('.log'));
    const segmentsBefore = namesBefore.map((name) => readFileSync(join(dir, 'wal', name)));
    await first.storage.writeCheckpoint(snapshotAt(first.storage, [{ name: 'c', docs: docs(5) }]));
    await appendRange(first.storage, 101, 105);
    await first.storage.close();
    // a crash before the deletions reached the disk: the old segments come back, one of them damaged
    namesBefore.forEach((name, index) => writeFileSync(join(dir, 'wal', name), segmentsBefore[index]!));
    const damaged = readFileSync(join(dir, 'wal', namesBefore[0]!));
    damaged[RECORD_HEADER_BYTES + 1]! ^= 0xff;
    writeFileSync(join(dir, 'wal', namesBefore[0]!), damaged);

    const second = await open(dir, { segmentBytes: 2048 });
    expect(second.tail.map((entry) => entry.lsn)).toEqual([101, 102, 103, 104, 105]);
    expect(files('wal')).toEqual(['0000000000000065.log']);
    await second.storage.close();
  });

  it('keeps records appended during a checkpoint, in order', async () => {
    const { storage } = await open(dir, { segmentBytes: 4096 });
    await appendRange(storage, 1, 40);
    const checkpoint = storage.writeCheckpoint(snapshotAt(storage, [{ name: 'c', docs: docs(3000) }]));
    const during = await appendRange(storage, 41, 80);
    await checkpoint;
    expect(during.at(-1)).toBe(80);
    await storage.close();
    const reopened = await open(dir, { segmentBytes: 4096 });
    expect(reopened.checkpoint?.lsn).toBe(40);
    expect(reopened.tail.map((entry) => entry.lsn)).toEqual(Array.from({ length: 40 }, (_, index) => index + 41));
    await reopened.storage.close();
  });

  it('a snapshot not newer than the current checkpoint is a no-op', async () => {
    const { storage } = await open(dir);
    await appendRange(storage, 1, 5);
    await storage.writeCheckpoint(snapshotAt(storage, [{ name: 'c', docs: docs(5) }]));
    await storage.writeCheckpoint({ lsn: 3, collections: [] });
    await storage.writeCheckpoint({ lsn: 5, collections: [] });
    expect(files('checkpoints')).toEqual(['0000000000000005.ckpt']);
    await expect(storage.writeCheckpoint({ lsn: 99, collections: [] })).rejects.toMatchObject({ code: 'AERO_INTERNAL' });
    await storage.close();
    const reopened = await open(dir);
    expect(reopened.checkpoint?.collections[0]?.docs.length).toBe(5);
    await reopened.storage.close();
  });

  it('deletes a .tmp left by a crash mid-checkpoint and recovers from the WAL', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 10);
    await first.storage.close();
    writeFileSync(join(dir, 'checkpoints', '000000000000000a.ckpt.tmp'), 'half a checkpoint');

    const second = await open(dir);
    expect(second.checkpoint).toBeNull();
    expect(tailNumbers(second)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toContain('000000000000000a.ckpt.tmp');
    expect(files('checkpoints')).toEqual([]);
    await second.storage.close();
  });

  it('refuses a newest checkpoint that fails its checksum, naming the file and offset', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 10);
    await first.storage.writeCheckpoint(snapshotAt(first.storage, [{ name: 'c', docs: docs(1500) }]));
    await first.storage.close();
    const path = join(dir, 'checkpoints', '000000000000000a.ckpt');
    const bytes = readFileSync(path);
    const flipAt = Math.floor(bytes.length / 2);
    bytes[flipAt]! ^= 0x20;
    writeFileSync(path, bytes);

    const error = (await open(dir).catch((caught: unknown) => caught)) as AeroError;
    expect(error.code).toBe('AERO_RECOVERY_CHECKPOINT_CORRUPT');
    expect(error.message).toContain('checkpoints/000000000000000a.ckpt');
    expect(error.details).toMatchObject({ file: 'checkpoints/000000000000000a.ckpt', lsn: 10 });
    expect(error.details['offset']).toBeLessThanOrEqual(flipAt);
    expect(readdirSync(dir)).not.toContain('LOCK');
  });

  it('refuses a checkpoint cut short (no end record)', async () => {
    const first = await open(dir);
    await appendRange(first.storage, 1, 3);
    await first.storage.writeCheckpoint(snapshotAt(first.storage, [{ name: 'c', docs: docs(10) }]));
    await first.storage.close();
    const path = join(dir, 'checkpoints', '0000000000000003.ckpt');
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 30));
    await expect(open(dir)).rejects.toMatchObject({ code: 'AERO_RECOVERY_CHECKPOINT_CORRUPT' });
  });
});
