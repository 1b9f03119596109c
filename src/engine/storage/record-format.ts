// The one record framing shared by WAL segments and checkpoint files (all integers little-endian):
//
//   off 0  u32 length   payload bytes (the header is not counted)
//   off 4  u32 crc      CRC-32 (zlib / IEEE) over bytes [8, 17 + length): lsn | type | payload
//   off 8  u64 lsn
//   off 16 u8  type     RecordType
//   off 17 payload      UTF-8 JSON
//
// A length of 0 never occurs in a real record (payloads are JSON), so a zero header marks the end of
// the records in a preallocated (zero-filled) file.
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 17;

export const RecordType = {
  /** one atomic WalUnit */
  walUnit: 1,
  /** checkpoint: { format, lsn, collections } */
  checkpointHeader: 16,
  /** checkpoint: { name, documents } starts a collection */
  checkpointCollection: 17,
  /** checkpoint: JSON array of up to ~1000 documents of the current collection */
  checkpointDocs: 18,
  /** checkpoint: { collections, documents } totals, proves the file is complete */
  checkpointEnd: 19,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(RecordType));
const TWO_POW_32 = 0x1_0000_0000;

/** Frames one record: a single buffer (header + payload) ready for writev. */
export function encodeRecord(lsn: number, type: RecordType, json: string): Buffer {
  // Buffer.from + set is about twice as fast as byteLength + buf.write (its argument checks) for the
  // small records of single-document writes; the extra copy is noise for big ones.
  const payload = Buffer.from(json, 'utf8');
  const payloadBytes = payload.length;
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.set(payload, RECORD_HEADER_BYTES);
  record.writeUInt32LE(payloadBytes, 0);
  record.writeUInt32LE(lsn % TWO_POW_32, 8);
  record.writeUInt32LE(Math.floor(lsn / TWO_POW_32), 12);
  record.writeUInt8(type, 16);
  record.writeUInt32LE(crc32(record.subarray(8)), 4);
  return record;
}

export interface DecodedRecord {
  lsn: number;
  type: RecordType;
  /** payload bytes (a view into the source buffer) */
  payload: Buffer;
  /** offset just past this record */
  end: number;
}

/**
 * Decodes the record at `offset` if it is complete, known and its CRC matches; null otherwise
 * (the caller decides whether that is a torn tail, the end of the log or corruption).
 */
export function decodeRecordAt(buffer: Buffer, offset: number, limit: number = buffer.length): DecodedRecord | null {
  if (offset + RECORD_HEADER_BYTES > limit) return null;
  const length = buffer.readUInt32LE(offset);
  if (length === 0) return null;
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > limit) return null;
  const type = buffer[offset + 16]!;
  if (!KNOWN_TYPES.has(type)) return null;
  const high = buffer.readUInt32LE(offset + 12);
  if (high >= 0x20_0000) return null; // beyond Number.MAX_SAFE_INTEGER: no LSN we ever wrote
  if (crc32(buffer.subarray(offset + 8, end)) !== buffer.readUInt32LE(offset + 4)) return null;
  return {
    lsn: high * TWO_POW_32 + buffer.readUInt32LE(offset + 8),
    type: type as RecordType,
    payload: buffer.subarray(offset + RECORD_HEADER_BYTES, end),
    end,
  };
}
