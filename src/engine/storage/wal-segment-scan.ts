// Reads the records of one WAL segment (already in memory) and classifies where they stop:
// a clean end (zero header, zeros after it), or damage (with or without a valid record after it).
// Pure: the caller (wal-recovery.ts) decides between torn tail and corruption.
import { RECORD_HEADER_BYTES, RecordType, decodeRecordAt } from './record-format.js';
import type { ZeroScanner } from './zero-bytes.js';

export interface ScannedRecord {
  lsn: number;
  offset: number;
  payload: Buffer;
}

export type SegmentDamage =
  /** bytes at `offset` are not a valid record (incomplete, bad CRC, or stray bytes after the end) */
  | { kind: 'invalid'; offset: number; damagedEnd: number; reason: string; validFollower: { offset: number; lsn: number } | null }
  /** a checksum-valid record whose LSN breaks the sequence */
  | { kind: 'lsn'; offset: number; foundLsn: number }
  /** a checksum-valid record of a type that does not belong in the WAL */
  | { kind: 'type'; offset: number; foundType: number };

export interface SegmentScan {
  /** how many valid records the segment holds (each was handed to onRecord, in order) */
  records: number;
  /** offset just past the last valid record (where the next record goes) */
  end: number;
  /** LSN the next record must carry */
  nextLsn: number;
  damage: SegmentDamage | null;
}

/**
 * `onRecord` gets each valid record as it is found (the caller parses and drops it right away, so a
 * 64 MiB segment's records never all live at once).
 */
export function scanSegment(buffer: Buffer, firstLsn: number, zeros: ZeroScanner, onRecord: (record: ScannedRecord) => void): SegmentScan {
  let records = 0;
  let offset = 0;
  let expected = firstLsn;
  for (;;) {
    const record = decodeRecordAt(buffer, offset);
    if (record === null) break;
    if (record.type !== RecordType.walUnit) {
      return { records, end: offset, nextLsn: expected, damage: { kind: 'type', offset, foundType: record.type } };
    }
    if (record.lsn !== expected) {
      return { records, end: offset, nextLsn: expected, damage: { kind: 'lsn', offset, foundLsn: record.lsn } };
    }
    onRecord({ lsn: record.lsn, offset, payload: record.payload });
    records++;
    expected++;
    offset = record.end;
  }
  const lastNonZero = zeros.lastNonZero(buffer, offset, buffer.length);
  if (lastNonZero < 0) return { records, end: offset, nextLsn: expected, damage: null };
  return {
    records,
    end: offset,
    nextLsn: expected,
    damage: {
      kind: 'invalid',
      offset,
      damagedEnd: lastNonZero + 1,
      reason: describeInvalid(buffer, offset),
      validFollower: findValidRecord(buffer, offset + 1, lastNonZero + 1, zeros),
    },
  };
}

/**
 * What recovery makes of a segment's damage: a torn tail (an incomplete last write, discarded) or
 * corruption, with the reason and extra details its error carries. Shared by recovery and doctor.
 */
export function classifyDamage(damage: SegmentDamage, expectedLsn: number, isLast: boolean): { torn: boolean; reason: string; details: Record<string, unknown> } {
  if (damage.kind === 'lsn') return { torn: false, reason: `a valid record carries LSN ${damage.foundLsn} where LSN ${expectedLsn} was expected`, details: { found_lsn: damage.foundLsn } };
  if (damage.kind === 'type') return { torn: false, reason: `a valid record has type ${damage.foundType}, which does not belong in the WAL`, details: { found_type: damage.foundType } };
  if (damage.validFollower) {
    return {
      torn: false,
      reason: `${damage.reason}, and a valid record (LSN ${damage.validFollower.lsn}) follows at byte offset ${damage.validFollower.offset}`,
      details: { next_valid_offset: damage.validFollower.offset, next_valid_lsn: damage.validFollower.lsn },
    };
  }
  if (!isLast) return { torn: false, reason: `${damage.reason} in a segment that is not the last one`, details: {} };
  return { torn: true, reason: damage.reason, details: {} };
}

function describeInvalid(buffer: Buffer, offset: number): string {
  if (offset + RECORD_HEADER_BYTES > buffer.length) return `only ${buffer.length - offset} bytes left, less than a record header`;
  const length = buffer.readUInt32LE(offset);
  if (length === 0) return 'non-zero bytes after the end-of-log marker';
  if (offset + RECORD_HEADER_BYTES + length > buffer.length) {
    return `record announces ${length} payload bytes but the segment ends ${buffer.length - offset - RECORD_HEADER_BYTES} bytes after its header`;
  }
  return 'record checksum mismatch';
}

/** First offset in [from, to) holding a complete, checksum-valid record; null when there is none. */
function findValidRecord(buffer: Buffer, from: number, to: number, zeros: ZeroScanner): { offset: number; lsn: number } | null {
  let offset = from;
  while (offset + RECORD_HEADER_BYTES <= to) {
    if (buffer.readUInt32LE(offset) === 0) {
      // A header starts with a non-zero length: skip the zero run in one native comparison.
      const nonZero = zeros.firstNonZero(buffer, offset + 4, to);
      if (nonZero < 0) return null;
      offset = Math.max(offset + 1, nonZero - 3);
      continue;
    }
    const record = decodeRecordAt(buffer, offset);
    if (record !== null) return { offset, lsn: record.lsn };
    offset++;
  }
  return null;
}
