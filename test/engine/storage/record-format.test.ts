import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES, RecordType, decodeRecordAt, encodeRecord } from '../../../src/engine/storage/record-format.js';

describe('record format', () => {
  it('round-trips lsn, type and payload, with the documented little-endian header', () => {
    const json = JSON.stringify({ ops: [{ o: 'put', c: 'users', d: { _id: 'u1', name: 'Zoë' } }] });
    const record = encodeRecord(7, RecordType.walUnit, json);
    const payloadBytes = Buffer.byteLength(json, 'utf8');
    expect(record.length).toBe(RECORD_HEADER_BYTES + payloadBytes);
    expect(record.readUInt32LE(0)).toBe(payloadBytes);
    expect(record.readUInt32LE(4)).toBe(crc32(record.subarray(8)));
    expect(record.readBigUInt64LE(8)).toBe(7n);
    expect(record[16]).toBe(RecordType.walUnit);

    const decoded = decodeRecordAt(record, 0);
    expect(decoded).not.toBeNull();
    expect(decoded!.lsn).toBe(7);
    expect(decoded!.type).toBe(RecordType.walUnit);
    expect(decoded!.end).toBe(record.length);
    expect(JSON.parse(decoded!.payload.toString('utf8'))).toEqual(JSON.parse(json));
  });

  it('carries LSNs above 2^32', () => {
    const lsn = 2 ** 40 + 12345;
    const record = encodeRecord(lsn, RecordType.checkpointEnd, '{}');
    expect(record.readBigUInt64LE(8)).toBe(BigInt(lsn));
    expect(decodeRecordAt(record, 0)!.lsn).toBe(lsn);
  });

  it('decodes records at an offset inside a larger buffer', () => {
    const a = encodeRecord(1, RecordType.walUnit, '{"ops":[]}');
    const b = encodeRecord(2, RecordType.walUnit, '{"ops":[1]}');
    const buffer = Buffer.concat([a, b, Buffer.alloc(40)]);
    const second = decodeRecordAt(buffer, a.length);
    expect(second!.lsn).toBe(2);
    expect(decodeRecordAt(buffer, second!.end)).toBeNull(); // zero header: end of log
  });

  it('rejects any flipped byte, a cut-short record and an unknown type', () => {
    const record = encodeRecord(3, RecordType.walUnit, '{"ops":[{"o":"del","c":"c","id":"x"}]}');
    for (let index = 0; index < record.length; index++) {
      const damaged = Buffer.from(record);
      damaged[index]! ^= 0x01;
      expect(decodeRecordAt(damaged, 0), `flip at byte ${index}`).toBeNull();
    }
    expect(decodeRecordAt(record.subarray(0, record.length - 1), 0)).toBeNull();
    expect(decodeRecordAt(record.subarray(0, 10), 0)).toBeNull();
    const unknownType = Buffer.from(record);
    unknownType[16] = 99;
    unknownType.writeUInt32LE(crc32(unknownType.subarray(8)), 4);
    expect(decodeRecordAt(unknownType, 0)).toBeNull();
  });
});
