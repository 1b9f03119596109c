// Writes checkpoints/<16-hex lsn>.ckpt with the WAL record framing, so every byte is CRC-checked
// when read back:  header | (collection | docs chunk*)* | end.  All records carry the checkpoint LSN.
// Serialisation is chunked and interleaved with awaited writes so the event loop keeps serving.
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Doc } from '../types.js';
import { fsyncDir, removeQuietly, storageIoError, writevFully } from './durable-fs.js';
import { TEMP_SUFFIX, checkpointFileName } from './lsn-file-names.js';
import { RecordType, encodeRecord } from './record-format.js';

export const CHECKPOINT_FORMAT = 1;
export const DOCS_PER_CHUNK = 1000;
const WRITE_BATCH_BYTES = 2 * 1024 * 1024;

export interface CheckpointContents {
  lsn: number;
  collections: Array<{ name: string; docs: readonly Doc[] }>;
}

export interface CheckpointHeader {
  format: number;
  lsn: number;
  collections: Array<{ name: string; documents: number }>;
}

export interface CheckpointEnd {
  collections: number;
  documents: number;
}

/** Writes the checkpoint durably (temp, fsync, rename, dir fsync); returns its file name. */
export async function writeCheckpointFile(checkpointDir: string, snapshot: CheckpointContents, fsync: boolean): Promise<string> {
  const name = checkpointFileName(snapshot.lsn);
  const finalPath = join(checkpointDir, name);
  const tempPath = finalPath + TEMP_SUFFIX;
  let handle;
  try {
    handle = await open(tempPath, 'w');
  } catch (error) {
    throw storageIoError(tempPath, 'create', error);
  }
  try {
    const out = new BatchedWriter(handle);
    const header: CheckpointHeader = {
      format: CHECKPOINT_FORMAT,
      lsn: snapshot.lsn,
      collections: snapshot.collections.map((collection) => ({ name: collection.name, documents: collection.docs.length })),
    };
    await out.add(encodeRecord(snapshot.lsn, RecordType.checkpointHeader, JSON.stringify(header)));
    let documents = 0;
    for (const collection of snapshot.collections) {
      await out.add(encodeRecord(snapshot.lsn, RecordType.checkpointCollection, JSON.stringify({ name: collection.name, documents: collection.docs.length })));
      for (let start = 0; start < collection.docs.length; start += DOCS_PER_CHUNK) {
        const chunk = collection.docs.slice(start, start + DOCS_PER_CHUNK);
        await out.add(encodeRecord(snapshot.lsn, RecordType.checkpointDocs, JSON.stringify(chunk)));
      }
      documents += collection.docs.length;
    }
    const end: CheckpointEnd = { collections: snapshot.collections.length, documents };
    await out.add(encodeRecord(snapshot.lsn, RecordType.checkpointEnd, JSON.stringify(end)));
    await out.flush();
    if (fsync) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tempPath, finalPath);
    if (fsync) await fsyncDir(checkpointDir);
    return name;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await removeQuietly(tempPath);
    throw storageIoError(tempPath, 'write checkpoint', error);
  }
}

/** Collects records and writes them in ~2 MiB writev calls; each await yields to the event loop. */
class BatchedWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private position = 0;

  constructor(private readonly handle: FileHandle) {}

  async add(record: Buffer): Promise<void> {
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= WRITE_BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const buffers = this.pending;
    this.pending = [];
    this.position += await writevFully(this.handle, buffers, this.position);
    this.pendingBytes = 0;
  }
}
