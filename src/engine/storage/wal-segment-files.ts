// WAL segment files: preallocated under a temp name, then renamed to wal/<16-hex first LSN>.log
// (and the directory fsynced) at the moment the first record goes into them.
import { constants } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, preallocateZeros, removeQuietly } from './durable-fs.js';
import { segmentFileName } from './lsn-file-names.js';

/**
 * With fsync on, segments are written through O_DSYNC: each write returns only once its data is as
 * durable as after fdatasync (Linux runs the same data-integrity sync for it), in ONE threadpool job
 * instead of a write job plus an fdatasync job. Where O_DSYNC does not exist, writes are followed by
 * an explicit fdatasync instead.
 */
const O_DSYNC: number | undefined = constants.O_DSYNC;

export interface OpenSegment {
  handle: FileHandle;
  /** every completed write is already durable (O_DSYNC): no fdatasync needed after it */
  syncedWrites: boolean;
  name: string;
  firstLsn: number;
  /** file size: records never cross it */
  capacity: number;
  /** where the next record goes */
  offset: number;
}

export interface PreparedSegment {
  handle: FileHandle;
  syncedWrites: boolean;
  tempPath: string;
  capacity: number;
}

/** Creates `tempName` in `walDir` holding `capacity` zero bytes (synced when fsync). */
export async function prepareSegment(walDir: string, tempName: string, capacity: number, fsync: boolean): Promise<PreparedSegment> {
  const tempPath = join(walDir, tempName);
  let handle = await open(tempPath, 'w+');
  try {
    // the zero fill itself goes through the page cache and one fdatasync; appends then use O_DSYNC
    await preallocateZeros(handle, capacity, fsync);
    if (fsync && O_DSYNC !== undefined) {
      const plain = handle;
      handle = await open(tempPath, constants.O_RDWR | O_DSYNC);
      await plain.close();
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly(tempPath);
    throw error;
  }
  return { handle, tempPath, capacity, syncedWrites: fsync && O_DSYNC !== undefined };
}

/** Gives a prepared segment its final name; durable before any record in it can be acknowledged. */
export async function promoteSegment(walDir: string, prepared: PreparedSegment, firstLsn: number, fsync: boolean): Promise<OpenSegment> {
  const name = segmentFileName(firstLsn);
  await rename(prepared.tempPath, join(walDir, name));
  if (fsync) await fsyncDir(walDir);
  return { handle: prepared.handle, syncedWrites: prepared.syncedWrites, name, firstLsn, capacity: prepared.capacity, offset: 0 };
}

export async function discardPrepared(prepared: PreparedSegment): Promise<void> {
  await prepared.handle.close().catch(() => undefined);
  await removeQuietly(prepared.tempPath);
}

export async function openExistingSegment(walDir: string, name: string, firstLsn: number, offset: number, capacity: number, fsync: boolean): Promise<OpenSegment> {
  const syncedWrites = fsync && O_DSYNC !== undefined;
  const handle = await open(join(walDir, name), syncedWrites ? constants.O_RDWR | O_DSYNC! : 'r+');
  return { handle, syncedWrites, name, firstLsn, capacity, offset };
}
