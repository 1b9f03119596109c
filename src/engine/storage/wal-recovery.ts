// Recovery of the WAL: which segments matter, every record CRC-verified and LSN-checked, the torn
// tail rule, and the replay tail (records above the checkpoint LSN) handed to the Database.
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import type { WalUnit } from '../types.js';
import { osErrorCode, removeQuietly, storageIoError, writeFully } from './durable-fs.js';
import { SEGMENT_SUFFIX, TEMP_SUFFIX, WAL_DIR, lsnFiles } from './lsn-file-names.js';
import { RECORD_HEADER_BYTES } from './record-format.js';
import { classifyDamage, scanSegment, type SegmentDamage } from './wal-segment-scan.js';
import { ZeroScanner } from './zero-bytes.js';

export interface WalSegmentRef {
  name: string;
  firstLsn: number;
}

export interface RecoveredWal {
  tail: Array<{ lsn: number; unit: WalUnit }>;
  /** record bytes of the tail (what the next checkpoint will absorb) */
  tailBytes: number;
  /** highest LSN in the WAL, 0 when it holds none */
  lastLsn: number;
  /** kept segments, ascending */
  segments: WalSegmentRef[];
  /** the last segment: appends continue at `end` when `nextLsn` is the next LSN to assign */
  last: (WalSegmentRef & { end: number; capacity: number; nextLsn: number }) | null;
}

export interface WalRecoveryOptions {
  dir: string;
  checkpointLsn: number;
  fsync: boolean;
  onWarning: (message: string) => void;
}

export async function recoverWal(options: WalRecoveryOptions): Promise<RecoveredWal> {
  const walDir = join(options.dir, WAL_DIR);
  let names: string[];
  try {
    names = await readdir(walDir);
  } catch (error) {
    throw storageIoError(walDir, 'list', error);
  }
  // Preallocations and big-record segments in progress: never renamed, so never acknowledged.
  for (const name of names) if (name.endsWith(TEMP_SUFFIX)) await removeQuietly(join(walDir, name));

  const segments = lsnFiles(names, SEGMENT_SUFFIX);
  await dropSegmentsCoveredByCheckpoint(walDir, segments, options.checkpointLsn);

  const result: RecoveredWal = { tail: [], tailBytes: 0, lastLsn: 0, segments: [], last: null };
  const first = segments[0];
  if (!first) return result;
  if (first.lsn > options.checkpointLsn + 1) {
    throw walCorruption(first.name, 0, options.checkpointLsn + 1, options.checkpointLsn === 0
      ? `the WAL starts at LSN ${first.lsn} but there is no checkpoint holding LSNs 1..${first.lsn - 1}`
      : `the WAL starts at LSN ${first.lsn} but the checkpoint ends at LSN ${options.checkpointLsn}: LSNs ${options.checkpointLsn + 1}..${first.lsn - 1} are missing`);
  }

  const zeros = new ZeroScanner();
  let expected = first.lsn;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const isLast = index === segments.length - 1;
    if (segment.lsn !== expected) {
      throw walCorruption(segment.name, 0, expected, `segment file name says its first LSN is ${segment.lsn}, but the previous segment ends before LSN ${expected}`);
    }
    const path = join(walDir, segment.name);
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch (error) {
      throw storageIoError(path, 'read', error);
    }
    const scan = scanSegment(buffer, segment.lsn, zeros, (record) => {
      if (record.lsn <= options.checkpointLsn) return;
      result.tail.push({ lsn: record.lsn, unit: parseUnit(segment.name, record.offset, record.lsn, record.payload) });
      result.tailBytes += RECORD_HEADER_BYTES + record.payload.length;
    });
    if (scan.damage) await handleDamage(path, segment.name, scan.damage, scan.nextLsn, isLast, options);
    if (scan.records > 0) result.lastLsn = scan.nextLsn - 1;
    result.segments.push({ name: segment.name, firstLsn: segment.lsn });
    if (isLast) {
      result.last = { name: segment.name, firstLsn: segment.lsn, end: scan.end, capacity: buffer.length, nextLsn: scan.nextLsn };
    }
    expected = scan.nextLsn;
  }
  return result;
}

/**
 * A segment whose successor starts at or below checkpoint+1 holds only LSNs the checkpoint has:
 * delete it unread (a checkpoint's deletions may not all have reached the disk before a crash).
 */
async function dropSegmentsCoveredByCheckpoint(walDir: string, segments: Array<{ name: string; lsn: number }>, checkpointLsn: number): Promise<void> {
  while (segments.length > 1 && segments[1]!.lsn <= checkpointLsn + 1) {
    const covered = segments.shift()!;
    try {
      await unlink(join(walDir, covered.name));
    } catch (error) {
      if (osErrorCode(error) !== 'ENOENT') throw storageIoError(join(walDir, covered.name), 'delete', error);
    }
  }
}

async function handleDamage(
  path: string,
  segmentName: string,
  damage: SegmentDamage,
  expectedLsn: number,
  isLast: boolean,
  options: WalRecoveryOptions,
): Promise<void> {
  const verdict = classifyDamage(damage, expectedLsn, isLast);
  if (!verdict.torn || damage.kind !== 'invalid') throw walCorruption(segmentName, damage.offset, expectedLsn, verdict.reason, verdict.details);
  // Torn tail: the last write never completed, so it was never acknowledged.
  await zeroRange(path, damage.offset, damage.damagedEnd, options.fsync);
  options.onWarning(
    `WAL segment ${WAL_DIR}/${segmentName}: discarded an incomplete record at byte offset ${damage.offset} ` +
      `(${damage.damagedEnd - damage.offset} bytes, would have been LSN ${expectedLsn}; ${damage.reason}). ` +
      'It was never acknowledged (torn write at a crash).',
  );
}

/** Zeroes [from, to) of a segment (zeros are the WAL's clean end): the torn tail, or doctor's cut. */
export async function zeroRange(path: string, from: number, to: number, fsync: boolean): Promise<void> {
  try {
    const handle = await open(path, 'r+');
    try {
      const size = (await stat(path)).size;
      const end = Math.min(to, size);
      if (end > from) await writeFully(handle, Buffer.alloc(end - from), from);
      if (fsync) await handle.datasync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw storageIoError(path, 'truncate the torn tail of', error);
  }
}

function parseUnit(segmentName: string, offset: number, lsn: number, payload: Buffer): WalUnit {
  let unit: unknown;
  try {
    unit = JSON.parse(payload.toString('utf8'));
  } catch {
    unit = undefined;
  }
  if (typeof unit !== 'object' || unit === null || !Array.isArray((unit as WalUnit).ops)) {
    throw walCorruption(segmentName, offset, lsn, 'the record checksum is valid but its payload is not a WAL unit');
  }
  return unit as WalUnit;
}

export function walCorruption(segmentName: string, offset: number, expectedLsn: number, reason: string, extra: Record<string, unknown> = {}): AeroError {
  const segment = `${WAL_DIR}/${segmentName}`;
  return new AeroError('AERO_WAL_CORRUPTION', `WAL segment ${segment} is corrupt at byte offset ${offset} (expected LSN ${expectedLsn}): ${reason}`, {
    details: { segment, offset, expected_lsn: expectedLsn, reason, ...extra },
    hint:
      'Do not delete or edit files; copy the data directory aside first. Run `aerodb doctor` to inspect every record; ' +
      `\`aerodb doctor --repair --truncate-at ${expectedLsn - 1}\` keeps LSNs up to ${expectedLsn - 1}, moves the rest aside and logs what it drops. Restore from a backup if needed.`,
  });
}
