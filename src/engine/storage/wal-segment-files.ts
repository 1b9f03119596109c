// WAL segment files: preallocated under a temp name, then renamed to wal/<16-hex first LSN>.log
// (and the directory fsynced) at the moment the first record goes into them.
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, preallocateZeros, removeQuietly } from './durable-fs.js';
import { segmentFileName } from './lsn-file-names.js';

export interface OpenSegment {
  handle: FileHandle;
  name: string;
  firstLsn: number;
  /** file size: records never cross it */
  capacity: number;
  /** where the next record goes */
  offset: number;
}

export interface PreparedSegment {
  handle: FileHandle;
  tempPath: string;
  capacity: number;
}

/** Creates `tempName` in `walDir` holding `capacity` zero bytes (synced when fsync). */
export async function prepareSegment(walDir: string, tempName: string, capacity: number, fsync: boolean): Promise<PreparedSegment> {
  const tempPath = join(walDir, tempName);
  const handle = await open(tempPath, 'w+');
  try {
    await preallocateZeros(handle, capacity, fsync);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly(tempPath);
    throw error;
  }
  return { handle, tempPath, capacity };
}

/** Gives a prepared segment its final name; durable before any record in it can be acknowledged. */
export async function promoteSegment(walDir: string, prepared: PreparedSegment, firstLsn: number, fsync: boolean): Promise<OpenSegment> {
  const name = segmentFileName(firstLsn);
  await rename(prepared.tempPath, join(walDir, name));
  if (fsync) await fsyncDir(walDir);
  return { handle: prepared.handle, name, firstLsn, capacity: prepared.capacity, offset: 0 };
}

export async function discardPrepared(prepared: PreparedSegment): Promise<void> {
  await prepared.handle.close().catch(() => undefined);
  await removeQuietly(prepared.tempPath);
}

export async function openExistingSegment(walDir: string, name: string, firstLsn: number, offset: number, capacity: number): Promise<OpenSegment> {
  const handle = await open(join(walDir, name), 'r+');
  return { handle, name, firstLsn, capacity, offset };
}
