// The storage layer of a data directory: LOCK, FORMAT, the WAL (group commit) and checkpoints.
// openStorage() recovers (newest checkpoint + WAL tail above it) and hands both to the Database,
// which rebuilds its in-memory state; Storage then persists each atomic unit as one WAL record.
//
// Layout:  FORMAT  LOCK  wal/<16-hex first LSN>.log  checkpoints/<16-hex lsn>.ckpt
// Framing: record-format.ts. Rules and rationale: docs/architecture-storage.md.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import type { WalUnit } from '../types.js';
import { deleteOlderCheckpoints, loadNewestCheckpoint } from './checkpoint-files.js';
import { writeCheckpointFile, type CheckpointContents } from './checkpoint-writer.js';
import { DataDirLock } from './data-dir-lock.js';
import { fsyncDir, storageIoError } from './durable-fs.js';
import { ensureFormat } from './format-file.js';
import { CHECKPOINT_DIR, WAL_DIR } from './lsn-file-names.js';
import { recoverWal } from './wal-recovery.js';
import { openExistingSegment, prepareSegment, promoteSegment, type OpenSegment } from './wal-segment-files.js';
import { WalWriter, type WalStats } from './wal-writer.js';

export type { CheckpointContents } from './checkpoint-writer.js';
export type { WalStats } from './wal-writer.js';

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

export interface StorageOptions {
  dir: string;
  /** fdatasync WAL writes before they count as durable (false only for tests/benchmarks) */
  fsync: boolean;
  /** WAL segment size (default 64 MiB); a bigger record gets a segment of its own size */
  segmentBytes: number;
  onWarning: (message: string) => void;
}

export interface OpenedStorage {
  storage: Storage;
  checkpoint: CheckpointContents | null;
  /** WAL units above the checkpoint LSN, in LSN order */
  tail: Array<{ lsn: number; unit: WalUnit }>;
}

/** Locks `options.dir` (creating it if needed), recovers it and returns the storage ready for appends. */
export async function openStorage(options: StorageOptions): Promise<OpenedStorage> {
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes <= 0) {
    throw new AeroError('AERO_CONFIG_INVALID', `WAL segment size must be a positive integer number of bytes, got ${String(segmentBytes)}`, {
      details: { option: 'segmentBytes', value: segmentBytes },
    });
  }
  const dir = resolve(options.dir);
  const fsync = options.fsync;
  const onWarning = options.onWarning;
  await makeDir(dir);
  const lock = await DataDirLock.acquire(dir, onWarning);
  try {
    await ensureFormat(dir, fsync);
    const walDir = join(dir, WAL_DIR);
    await makeDir(walDir);
    await makeDir(join(dir, CHECKPOINT_DIR));
    // The directory entries of wal/ and checkpoints/ must survive a power loss like the files in them.
    if (fsync) await syncDirs([dirname(dir), dir]);

    const checkpoint = await loadNewestCheckpoint(dir, onWarning);
    const checkpointLsn = checkpoint?.lsn ?? 0;
    const wal = await recoverWal({ dir, checkpointLsn, fsync, onWarning });
    // Never reset: the next LSN continues after the WAL or the checkpoint, whichever is further.
    const lastLsn = Math.max(wal.lastLsn, checkpointLsn);

    let active: OpenSegment;
    const segments = wal.segments;
    const last = wal.last;
    try {
      if (last && last.nextLsn === lastLsn + 1) {
        active = await openExistingSegment(walDir, last.name, last.firstLsn, last.end, last.capacity, fsync);
      } else {
        // No segment yet, or the WAL ends below the checkpoint LSN: start one at the next LSN.
        const prepared = await prepareSegment(walDir, `first.log.tmp`, segmentBytes, fsync);
        active = await promoteSegment(walDir, prepared, lastLsn + 1, fsync);
        segments.push({ name: active.name, firstLsn: active.firstLsn });
      }
    } catch (error) {
      throw storageIoError(walDir, 'open the active WAL segment in', error);
    }
    const writer = new WalWriter({ walDir, fsync, segmentBytes, active, segments, lastLsn, initialBytes: wal.tailBytes });
    try {
      // Segments the checkpoint already covers (left when the WAL ended below it) go now.
      await writer.deleteCoveredSegments(checkpointLsn);
    } catch (error) {
      await writer.close();
      throw storageIoError(walDir, 'delete WAL segments covered by the checkpoint in', error);
    }
    const storage = new Storage({ dir, fsync, lock, writer, checkpointLsn });
    return { storage, checkpoint, tail: wal.tail };
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

interface StorageParts {
  dir: string;
  fsync: boolean;
  lock: DataDirLock;
  writer: WalWriter;
  checkpointLsn: number;
}

export class Storage {
  readonly dir: string;
  private readonly fsync: boolean;
  private readonly lock: DataDirLock;
  private readonly writer: WalWriter;
  private lastCheckpointLsn: number;
  /** writer.appendedBytes when the last checkpoint's snapshot was taken */
  private checkpointBytesBase = 0;
  private checkpointChain: Promise<void> = Promise.resolve();
  private closing: Promise<void> | null = null;

  /** Use openStorage(); this constructor only assembles recovered parts. */
  constructor(parts: StorageParts) {
    this.dir = parts.dir;
    this.fsync = parts.fsync;
    this.lock = parts.lock;
    this.writer = parts.writer;
    this.lastCheckpointLsn = parts.checkpointLsn;
  }

  /** Synchronously assigns the next LSN and queues the unit for group commit. */
  append(unit: WalUnit): number {
    if (this.closing) throw this.closedError();
    return this.writer.append(unit);
  }

  /** Resolves once `lsn` is written and (when fsync) fdatasync'ed; rejects with AERO_WAL_WRITE_FAILED. */
  waitDurable(lsn: number): Promise<void> {
    return this.writer.waitDurable(lsn);
  }

  get lastLsn(): number {
    return this.writer.lastLsn;
  }

  get durableLsn(): number {
    return this.writer.durableLsn;
  }

  get checkpointLsn(): number {
    return this.lastCheckpointLsn;
  }

  /** WAL bytes written since the last checkpoint (drives checkpoint_wal_mb). */
  walBytesSinceCheckpoint(): number {
    return this.writer.appendedBytes - this.checkpointBytesBase;
  }

  /** Group-commit counters, for tests and benchmarks. */
  stats(): WalStats {
    return this.writer.stats();
  }

  /**
   * Writes checkpoints/<lsn>.ckpt from an immutable snapshot (serialised in chunks while the event
   * loop keeps serving), then deletes the WAL segments and checkpoints it supersedes. Checkpoints
   * run one at a time; a snapshot not newer than the current checkpoint is a no-op.
   */
  writeCheckpoint(snapshot: CheckpointContents): Promise<void> {
    if (this.closing) return Promise.reject(this.closedError());
    if (!Number.isSafeInteger(snapshot.lsn) || snapshot.lsn < 0 || snapshot.lsn > this.lastLsn) {
      return Promise.reject(
        new AeroError('AERO_INTERNAL', `Checkpoint snapshot LSN ${snapshot.lsn} is not an LSN this storage assigned (last is ${this.lastLsn})`, {
          details: { lsn: snapshot.lsn, last_lsn: this.lastLsn },
        }),
      );
    }
    // Taken now, in the caller's tick: the snapshot reflects exactly the units appended so far.
    const bytesMark = this.writer.appendedBytes;
    const run = this.checkpointChain.then(() => this.runCheckpoint(snapshot, bytesMark));
    this.checkpointChain = run.catch(() => undefined);
    return run;
  }

  /** Flushes everything queued (awaiting durability), closes files, releases the LOCK. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.checkpointChain;
      await this.writer.close();
      await this.lock.release();
    })();
    return this.closing;
  }

  private async runCheckpoint(snapshot: CheckpointContents, bytesMark: number): Promise<void> {
    if (snapshot.lsn <= this.lastCheckpointLsn) return;
    const rolled = this.writer.rollAfter(snapshot.lsn);
    rolled.catch(() => undefined); // observed below; never an unhandled rejection meanwhile
    // The checkpoint must never hold state the WAL could still lose.
    await this.writer.waitDurable(snapshot.lsn);
    await writeCheckpointFile(join(this.dir, CHECKPOINT_DIR), snapshot, this.fsync);
    this.lastCheckpointLsn = snapshot.lsn;
    this.checkpointBytesBase = Math.max(this.checkpointBytesBase, bytesMark);
    await rolled;
    try {
      await this.writer.deleteCoveredSegments(snapshot.lsn);
      await deleteOlderCheckpoints(this.dir, snapshot.lsn);
    } catch (error) {
      throw storageIoError(this.dir, 'delete superseded WAL segments or checkpoints in', error);
    }
  }

  private closedError(): AeroError {
    return new AeroError('AERO_STORAGE_CLOSED', `The storage of ${this.dir} is closed`, { details: { dir: this.dir } });
  }
}

async function makeDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw storageIoError(path, 'create directory', error);
  }
}

async function syncDirs(paths: string[]): Promise<void> {
  for (const path of paths) {
    try {
      await fsyncDir(path);
    } catch (error) {
      throw storageIoError(path, 'fsync directory', error);
    }
  }
}
