// Appends batches of entry lines to the active segment, rotates by size and deletes the oldest
// segments beyond the retention. One batch at a time (the OperationLog serialises calls). Failures
// are warnings: the operation log never stops or slows the database.
import { mkdirSync, type PathLike } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { OPLOG_DIR, segmentName, type SegmentStats } from './oplog-segment-files.js';

const SYNC_EVERY_MS = 100;

export interface SegmentWriterOptions {
  dir: string;
  segmentBytes: number;
  fsync: boolean;
  retentionEntries: number;
  /** 0 = no age limit */
  retentionMs: number;
  onWarning: (message: string) => void;
}

export interface Batch {
  /** the lines' bytes, each line ending in "\n" */
  buffers: Buffer[];
  firstSeq: number;
  lastSeq: number;
  entries: number;
  lastEpochMs: number;
}

export class OplogSegmentWriter {
  readonly #options: SegmentWriterOptions;
  /** retained segments, oldest first; the last one is active once #handle is open */
  readonly #segments: SegmentStats[];
  #handle: FileHandle | null = null;
  #failing = false;
  /** written but not yet fdatasync'ed (fsync on) */
  #dirty = false;
  #lastSyncMs = Number.NEGATIVE_INFINITY;
  #syncTimer: NodeJS.Timeout | null = null;

  constructor(options: SegmentWriterOptions, recovered: SegmentStats[]) {
    this.#options = options;
    this.#segments = [...recovered];
  }

  /** Segments currently on disk (oldest first). */
  get segments(): readonly SegmentStats[] {
    return this.#segments;
  }

  async write(batch: Batch, nowEpochMs: number): Promise<void> {
    try {
      const active = await this.#activeFor(batch);
      await this.#handle!.writev(batch.buffers);
      if (this.#options.fsync) await this.#paceSync();
      active.entries += batch.entries;
      for (const buffer of batch.buffers) active.bytes += buffer.length;
      active.lastSeq = batch.lastSeq;
      active.lastEpochMs = batch.lastEpochMs;
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) this.#options.onWarning(`operation log: writing ${OPLOG_DIR}/ failed (${describe(error)}); entries stay queryable in memory and writing is retried with the next batch`);
      this.#failing = true;
      await this.#closeHandle();
      return;
    }
    await this.#applyRetention(nowEpochMs);
  }

  async close(): Promise<void> {
    await this.#closeHandle();
  }

  /**
   * fdatasync at most every SYNC_EVERY_MS (and SYNC_EVERY_MS after the last unsynced batch): the
   * log never competes with the WAL's group commits for the disk, and a power loss still loses at
   * most that much more than a process crash would. (Pacing by wall time is I/O scheduling only.)
   */
  async #paceSync(): Promise<void> {
    this.#dirty = true;
    if (performance.now() - this.#lastSyncMs >= SYNC_EVERY_MS) {
      await this.#sync();
      return;
    }
    if (this.#syncTimer !== null) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = null;
      this.#sync().catch((error: unknown) => this.#options.onWarning(`operation log: fdatasync of ${OPLOG_DIR}/ failed (${describe(error)})`));
    }, SYNC_EVERY_MS);
    this.#syncTimer.unref();
  }

  async #sync(): Promise<void> {
    const handle = this.#handle;
    if (!this.#dirty || handle === null) return;
    this.#dirty = false;
    this.#lastSyncMs = performance.now();
    await handle.datasync();
  }

  async #activeFor(batch: Batch): Promise<SegmentStats> {
    const active = this.#handle ? this.#segments[this.#segments.length - 1] : undefined;
    if (active && active.bytes < this.#options.segmentBytes) return active;
    await this.#closeHandle();
    // every start and every rotation begins a new segment: a file damaged by a crash is never appended to
    mkdirSync(this.#options.dir, { recursive: true });
    const name = segmentName(batch.firstSeq);
    const path = join(this.#options.dir, name);
    this.#handle = await open(path as PathLike, 'a');
    const stats: SegmentStats = { segment: { name, path, firstSeq: batch.firstSeq }, entries: 0, bytes: 0, lastSeq: batch.firstSeq - 1, lastEpochMs: Number.NaN };
    this.#segments.push(stats);
    return stats;
  }

  /** Deletes the oldest segments whose entries all lie beyond the retention (never the active one). */
  async #applyRetention(nowEpochMs: number): Promise<void> {
    const { retentionEntries, retentionMs } = this.#options;
    let total = 0;
    for (const s of this.#segments) total += s.entries;
    while (this.#segments.length > 1) {
      const oldest = this.#segments[0]!;
      const byCount = total - oldest.entries >= retentionEntries;
      const byAge = retentionMs > 0 && !(oldest.lastEpochMs >= nowEpochMs - retentionMs);
      if (!byCount && !byAge) break;
      this.#segments.shift();
      total -= oldest.entries;
      try {
        await unlink(oldest.segment.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#options.onWarning(`operation log: could not delete ${OPLOG_DIR}/${oldest.segment.name} (${describe(error)})`);
      }
    }
  }

  async #closeHandle(): Promise<void> {
    if (this.#syncTimer !== null) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    await this.#sync().catch(() => undefined);
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await handle.close().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
