// Reads a checkpoint file back: large sequential reads, every record CRC-verified, structure and
// counts checked against the header and end records. Any defect is AERO_RECOVERY_CHECKPOINT_CORRUPT.
import { open, type FileHandle } from 'node:fs/promises';
import { AeroError } from '../errors/aero-error.js';
import type { Doc } from '../types.js';
import { storageIoError } from './durable-fs.js';
import { CHECKPOINT_FORMAT, type CheckpointContents, type CheckpointEnd, type CheckpointHeader } from './checkpoint-writer.js';
import { RECORD_HEADER_BYTES, RecordType, decodeRecordAt, type DecodedRecord } from './record-format.js';

const READ_CHUNK_BYTES = 16 * 1024 * 1024;

class CheckpointCorrupt extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(reason);
  }
}

/** `label` is how messages name the file (e.g. "checkpoints/00000000000000a0.ckpt"). */
export async function readCheckpointFile(path: string, label: string, lsn: number): Promise<CheckpointContents> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw storageIoError(path, 'open', error);
  }
  try {
    const reader = new RecordFileReader(handle, (await handle.stat()).size);
    return await parseCheckpoint(reader, lsn);
  } catch (error) {
    if (error instanceof CheckpointCorrupt) {
      throw new AeroError('AERO_RECOVERY_CHECKPOINT_CORRUPT', `Checkpoint ${label} is damaged at byte offset ${error.offset}: ${error.reason}`, {
        details: { file: label, offset: error.offset, lsn, reason: error.reason },
        hint: 'Do not delete files: copy the data directory aside and restore it from a backup (the WAL segments older than this checkpoint were removed, so it cannot be rebuilt from the WAL). `aerodb doctor` reports every file.',
      });
    }
    throw storageIoError(path, 'read', error);
  } finally {
    await handle.close();
  }
}

async function parseCheckpoint(reader: RecordFileReader, lsn: number): Promise<CheckpointContents> {
  const first = await reader.next();
  if (!first) throw new CheckpointCorrupt(0, 'the file is empty');
  const header = parsePayload<CheckpointHeader>(first, reader.lastOffset);
  if (first.record.type !== RecordType.checkpointHeader || header.format !== CHECKPOINT_FORMAT || !Array.isArray(header.collections)) {
    throw new CheckpointCorrupt(0, 'the first record is not a format-1 checkpoint header');
  }
  checkLsn(first.record, reader.lastOffset, lsn);

  // Chunks are kept as parsed and flattened once at the end (cheaper than pushing 1M documents).
  const collections: CollectionChunks[] = [];
  for (;;) {
    const next = await reader.next();
    if (!next) throw new CheckpointCorrupt(reader.size, 'the end record is missing (the file is cut short)');
    const offset = reader.lastOffset;
    checkLsn(next.record, offset, lsn);
    const type = next.record.type;
    if (type === RecordType.checkpointCollection) {
      const collection = parsePayload<{ name: string; documents: number }>(next, offset);
      collections.push({ name: collection.name, chunks: [], count: 0, declared: collection.documents });
    } else if (type === RecordType.checkpointDocs) {
      const current = collections[collections.length - 1];
      const docs = parsePayload<Doc[]>(next, offset);
      if (!current || !Array.isArray(docs)) throw new CheckpointCorrupt(offset, 'a document chunk is not inside a collection');
      current.chunks.push(docs);
      current.count += docs.length;
    } else if (type === RecordType.checkpointEnd) {
      const end = parsePayload<CheckpointEnd>(next, offset);
      verifyCounts(header, collections, end, offset);
      if (await reader.next()) throw new CheckpointCorrupt(reader.lastOffset, 'records follow the end record');
      return { lsn, collections: collections.map(({ name, chunks }) => ({ name, docs: chunks.length === 1 ? chunks[0]! : chunks.flat() })) };
    } else {
      throw new CheckpointCorrupt(offset, `unexpected record type ${type}`);
    }
  }
}

interface CollectionChunks {
  name: string;
  chunks: Doc[][];
  count: number;
  declared: number;
}

function verifyCounts(header: CheckpointHeader, collections: CollectionChunks[], end: CheckpointEnd, offset: number): void {
  let documents = 0;
  for (const [index, collection] of collections.entries()) {
    const declared = header.collections[index];
    if (!declared || declared.name !== collection.name || declared.documents !== collection.count || collection.declared !== collection.count) {
      throw new CheckpointCorrupt(offset, `collection "${collection.name}" holds ${collection.count} documents, not what the header declares`);
    }
    documents += collection.count;
  }
  if (collections.length !== header.collections.length || end.collections !== collections.length || end.documents !== documents) {
    throw new CheckpointCorrupt(offset, `the end record declares ${end.collections} collections / ${end.documents} documents, the file holds ${collections.length} / ${documents}`);
  }
}

function checkLsn(record: DecodedRecord, offset: number, lsn: number): void {
  if (record.lsn !== lsn) throw new CheckpointCorrupt(offset, `a record carries LSN ${record.lsn}, the file name says ${lsn}`);
}

function parsePayload<T>(entry: { record: DecodedRecord }, offset: number): T {
  try {
    return JSON.parse(entry.record.payload.toString('utf8')) as T;
  } catch {
    throw new CheckpointCorrupt(offset, 'a record checksum is valid but its payload is not JSON');
  }
}

/** Sequential record reader over a file, in large chunks; a payload is valid until the next call. */
class RecordFileReader {
  private buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  /** file offset of buffer[0] */
  private base = 0;
  private start = 0;
  private filled = 0;
  /** file offset of the record last returned */
  lastOffset = 0;

  constructor(private readonly handle: FileHandle, readonly size: number) {}

  async next(): Promise<{ record: DecodedRecord } | null> {
    for (;;) {
      const available = this.filled - this.start;
      const offset = this.base + this.start;
      let needed = RECORD_HEADER_BYTES;
      if (available >= RECORD_HEADER_BYTES) {
        const length = this.buffer.readUInt32LE(this.start);
        if (length === 0) throw new CheckpointCorrupt(offset, 'a record header announces 0 bytes');
        needed = RECORD_HEADER_BYTES + length;
        if (offset + needed > this.size) throw new CheckpointCorrupt(offset, `a record announces ${length} bytes but the file ends first`);
        if (available >= needed) {
          const record = decodeRecordAt(this.buffer, this.start, this.start + needed);
          if (!record) throw new CheckpointCorrupt(offset, 'record checksum mismatch');
          this.lastOffset = offset;
          this.start += needed;
          return { record };
        }
      } else if (this.base + this.filled >= this.size) {
        if (available === 0) return null;
        throw new CheckpointCorrupt(offset, `${available} stray bytes at the end of the file`);
      }
      await this.fill(needed);
    }
  }

  private async fill(needed: number): Promise<void> {
    const keep = this.filled - this.start;
    if (needed > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(needed);
      this.buffer.copy(bigger, 0, this.start, this.filled);
      this.buffer = bigger;
    } else {
      this.buffer.copy(this.buffer, 0, this.start, this.filled);
    }
    this.base += this.start;
    this.start = 0;
    this.filled = keep;
    const want = Math.min(this.buffer.length - this.filled, this.size - (this.base + this.filled));
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.handle.read(this.buffer, this.filled + got, want - got, this.base + this.filled + got);
      if (bytesRead === 0) throw new CheckpointCorrupt(this.base + this.filled + got, 'the file ended while reading');
      got += bytesRead;
    }
    this.filled += got;
  }
}
