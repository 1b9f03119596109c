import { appendFileSync, readFileSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AeroError } from '../../../src/engine/errors/aero-error.js';
import { RECORD_HEADER_BYTES } from '../../../src/engine/storage/record-format.js';
import { appendRange, makeTempDir, open, tailNumbers } from './storage-fixture.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const FIRST_SEGMENT = '0000000000000001.log';

function segmentPath(name = FIRST_SEGMENT): string {
  return join(dir, 'wal', name);
}

/** Byte offsets of the records in a segment (walks the length fields). */
function recordOffsets(name = FIRST_SEGMENT): number[] {
  const buffer = readFileSync(segmentPath(name));
  const offsets: number[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= buffer.length && buffer.readUInt32LE(offset) !== 0) {
    offsets.push(offset);
    offset += RECORD_HEADER_BYTES + buffer.readUInt32LE(offset);
  }
  offsets.push(offset); // end of the records
  return offsets;
}

function patchByte(path: string, offset: number): void {
  const buffer = readFileSync(path);
  buffer[offset]! ^= 0xff;
  writeFileSync(path, buffer);
}

async function writeRecords(count: number, segmentBytes = 64 * 1024): Promise<void> {
  const { storage } = await open(dir, { segmentBytes });
  await appendRange(storage, 1, count, 'pad'.repeat(10));
  await storage.close();
}

async function openError(segmentBytes = 64 * 1024): Promise<AeroError> {
  return (await open(dir, { segmentBytes }).then(
    () => {
      throw new Error('expected the open to fail');
    },
    (error: unknown) => error,
  )) as AeroError;
}

describe('torn tail', () => {
  it('a file cut in the middle of its last record opens, warns with the offset, and keeps working', async () => {
    await writeRecords(10);
    const offsets = recordOffsets();
    const lastStart = offsets[9]!;
    truncateSync(segmentPath(), lastStart + 30); // mid-record: header + part of the payload

    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]).toContain(`wal/${FIRST_SEGMENT}`);
    expect(reopened.warnings[0]).toContain(`byte offset ${lastStart}`);
    expect(reopened.warnings[0]).toContain('LSN 10');
    expect(reopened.storage.lastLsn).toBe(9);
    // the torn bytes are zeroed, and later appends take LSN 10 at that very offset
    expect(reopened.storage.append({ ops: [{ o: 'del', c: 'c', id: 'd1' }] })).toBe(10);
    await appendRange(reopened.storage, 11, 12);
    await reopened.storage.close();

    const again = await open(dir);
    expect(again.warnings).toEqual([]);
    expect(again.tail.map((entry) => entry.lsn)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(again.tail[9]!.unit).toEqual({ ops: [{ o: 'del', c: 'c', id: 'd1' }] });
    await again.storage.close();
  });

  it('a file cut inside the header of its last record is a torn tail too', async () => {
    await writeRecords(4);
    const offsets = recordOffsets();
    truncateSync(segmentPath(), offsets[3]! + 5);
    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3]);
    expect(reopened.warnings[0]).toContain(`byte offset ${offsets[3]}`);
    await reopened.storage.close();
  });

  it('garbage bytes after the last record are discarded with a warning', async () => {
    await writeRecords(6);
    const end = recordOffsets().at(-1)!;
    const buffer = readFileSync(segmentPath());
    Buffer.from('this is not a record \x01\x02\x03 at all').copy(buffer, end);
    writeFileSync(segmentPath(), buffer);

    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]).toContain(`byte offset ${end}`);
    await appendRange(reopened.storage, 7, 8);
    await reopened.storage.close();
    const again = await open(dir);
    expect(tailNumbers(again)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(again.warnings).toEqual([]);
    await again.storage.close();
  });

  it('garbage appended past the preallocated size is discarded too', async () => {
    await writeRecords(3);
    appendFileSync(segmentPath(), Buffer.from([1, 2, 3, 4, 5]));
    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3]);
    expect(reopened.warnings).toHaveLength(1);
    await reopened.storage.close();
  });

  it('a last record with a bad checksum and nothing after it is a torn tail', async () => {
    await writeRecords(5);
    const offsets = recordOffsets();
    patchByte(segmentPath(), offsets[4]! + RECORD_HEADER_BYTES + 3);
    const reopened = await open(dir);
    expect(tailNumbers(reopened)).toEqual([1, 2, 3, 4]);
    expect(reopened.warnings[0]).toContain('checksum');
    await reopened.storage.close();
  });
});

describe('corruption', () => {
  it('a flipped byte in a middle record with valid records after it refuses to open', async () => {
    await writeRecords(10);
    const offsets = recordOffsets();
    patchByte(segmentPath(), offsets[4]! + RECORD_HEADER_BYTES + 2);

    const error = await openError();
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({
      segment: `wal/${FIRST_SEGMENT}`,
      offset: offsets[4],
      expected_lsn: 5,
      next_valid_offset: offsets[5],
      next_valid_lsn: 6,
    });
    expect(error.message).toContain(`wal/${FIRST_SEGMENT}`);
    expect(error.message).toContain(`byte offset ${offsets[4]}`);
    expect(error.message).toContain('LSN 5');
    expect(error.hint).toContain('aerodb doctor --repair --truncate-at 4');
    // nothing was "repaired", and the lock is free again
    expect(readFileSync(segmentPath()).readUInt32LE(offsets[5]!)).not.toBe(0);
    expect(readdirSync(dir)).not.toContain('LOCK');
    // and it keeps refusing
    expect((await openError()).code).toBe('AERO_WAL_CORRUPTION');
  });

  it('a damaged length field with valid records after it is corruption', async () => {
    await writeRecords(8);
    const offsets = recordOffsets();
    patchByte(segmentPath(), offsets[2]!); // length byte
    const error = await openError();
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({ offset: offsets[2], expected_lsn: 3, next_valid_lsn: 4 });
  });

  it('a bad record in a segment that is not the last one is corruption even with nothing after it', async () => {
    await writeRecords(200, 2048);
    const names = readdirSync(join(dir, 'wal')).sort();
    expect(names.length).toBeGreaterThan(3);
    const second = names[1]!;
    const offsets = recordOffsets(second);
    const lastInSegment = offsets.length - 2;
    patchByte(segmentPath(second), offsets[lastInSegment]! + RECORD_HEADER_BYTES + 1);
    const error = await openError(2048);
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({ segment: `wal/${second}`, offset: offsets[lastInSegment] });
    expect(error.message).toContain('not the last one');
  });

  it('a missing segment (LSN gap between segments) is corruption', async () => {
    await writeRecords(200, 2048);
    const names = readdirSync(join(dir, 'wal')).sort();
    rmSync(segmentPath(names[2]!));
    const error = await openError(2048);
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({ segment: `wal/${names[3]}`, offset: 0, expected_lsn: Number.parseInt(names[2]!, 16) });
  });

  it('a segment whose file name does not match its first record is corruption', async () => {
    await writeRecords(5);
    renameSync(segmentPath(), segmentPath('0000000000000002.log'));
    const error = await openError();
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
  });

  it('a WAL that does not start at LSN 1 without a checkpoint is corruption', async () => {
    await writeRecords(200, 2048);
    rmSync(segmentPath(FIRST_SEGMENT));
    const error = await openError(2048);
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({ expected_lsn: 1 });
  });

  it('a valid record with a repeated LSN (regression) is corruption', async () => {
    await writeRecords(5);
    const buffer = readFileSync(segmentPath());
    // Duplicate record 2 over record 3's slot: a valid record with the wrong LSN.
    const offsets = recordOffsets();
    const recordTwo = buffer.subarray(offsets[1], offsets[2]);
    const patched = Buffer.concat([buffer.subarray(0, offsets[2]), recordTwo, Buffer.alloc(statSync(segmentPath()).size - offsets[2]! - recordTwo.length)]);
    writeFileSync(segmentPath(), patched);
    const error = await openError();
    expect(error.code).toBe('AERO_WAL_CORRUPTION');
    expect(error.details).toMatchObject({ offset: offsets[2], expected_lsn: 3, found_lsn: 2 });
  });
});
