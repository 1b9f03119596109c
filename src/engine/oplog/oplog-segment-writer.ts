// Appends batches of entry lines to the active segment, rotates by size and deletes the oldest
// segments beyond the retention. Failures are warnings: the operation log never stops or slows
// the database.
//
// Writes are synchronous (into the page cache: tens to hundreds of microseconds per batch), so a
// caller that never yields to the event loop (an embedded loop of awaited in-memory reads) still
// gets its entries written and their buffers recycled, instead of piling them up in memory until
// it yields. Only fdatasync, which waits for the disk, runs off-thread and paced.
import { closeSync, fdatasync, mkdirSync, openSync, unlink, writevSync } from 'node:fs';
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

/** An open segment file; closed once no fdatasync of it is in flight. */
interface OpenSegment {
  fd: number;
  /** written but not yet fdatasync'ed (fsync on) */
  dirty: boolean;
  syncing: boolean;
  closeWhenSynced: boolean;
}

export class OplogSegmentWriter {
  readonly #options: SegmentWriterOptions;
  /** retained segments, oldest first; the last one is active once #open is set */
  readonly #segments: SegmentStats[];
  #open: OpenSegment | null = null;
  #failing = false;
  #lastSyncMs = Number.NEGATIVE_INFINITY;
  #syncTimer: NodeJS.Timeout | null = null;
  /** fdatasyncs in flight, for close() */
  readonly #syncs = new Set<Promise<void>>();
  /** deletions of segments beyond the retention in flight, for settled() and close() */
  readonly #unlinks = new Set<Promise<void>>();

  constructor(options: SegmentWriterOptions, recovered: SegmentStats[]) {
    this.#options = options;
    this.#segments = [...recovered];
  }

  /** Segments currently on disk (oldest first). */
  get segments(): readonly SegmentStats[] {
    return this.#segments;
  }

  /** Writes the batch (never throws); `nowEpochMs` is for age retention (0 when there is none). */
  write(batch: Batch, nowEpochMs: number): void {
    try {
      const active = this.#activeFor(batch);
      writeAll(this.#open!.fd, batch.buffers);
      if (this.#options.fsync) this.#paceSync();
      active.entries += batch.entries;
      for (const buffer of batch.buffers) active.bytes += buffer.length;
      active.lastSeq = batch.lastSeq;
      active.lastEpochMs = batch.lastEpochMs;
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) this.#options.onWarning(`operation log: writing ${OPLOG_DIR}/ failed (${describe(error)}); entries stay queryable in memory and writing is retried with the next batch`);
      this.#failing = true;
      this.#closeActive();
      return;
    }
    this.#applyRetention(nowEpochMs);
  }

  /** Syncs what is unsynced (fsync on), waits for syncs in flight and closes the active segment. */
  async close(): Promise<void> {
    if (this.#syncTimer !== null) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    if (this.#open?.dirty) this.#sync();
    this.#closeActive();
    while (this.#syncs.size > 0) await Promise.all([...this.#syncs]);
    await this.settled();
  }

  /** Resolves once the segments retention dropped so far are deleted (flush: the files then match). */
  async settled(): Promise<void> {
    while (this.#unlinks.size > 0) await Promise.all([...this.#unlinks]);
  }

  /**
   * fdatasync at most every SYNC_EVERY_MS (and SYNC_EVERY_MS after the last unsynced batch): the
   * log never competes with the WAL's group commits for the disk, and a power loss still loses at
   * most that much more than a process crash would. (Pacing by wall time is I/O scheduling only.)
   */
  #paceSync(): void {
    this.#open!.dirty = true;
    if (performance.now() - this.#lastSyncMs >= SYNC_EVERY_MS) {
      this.#sync();
      return;
    }
    if (this.#syncTimer !== null) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = null;
      this.#sync();
    }, SYNC_EVERY_MS);
    this.#syncTimer.unref();
  }

  #sync(): void {
    const segment = this.#open;
    if (segment === null || !segment.dirty || segment.syncing) return;
    segment.dirty = false;
    segment.syncing = true;
    this.#lastSyncMs = performance.now();
    const done = new Promise<void>((resolve) => {
      fdatasync(segment.fd, (error) => {
        segment.syncing = false;
        if (error) this.#options.onWarning(`operation log: fdatasync of ${OPLOG_DIR}/ failed (${describe(error)})`);
        if (segment.closeWhenSynced) closeQuietly(segment.fd);
        else if (segment.dirty && this.#open === segment) this.#paceSync();
        resolve();
      });
    });
    this.#syncs.add(done);
    void done.then(() => this.#syncs.delete(done));
  }

  #activeFor(batch: Batch): SegmentStats {
    const active = this.#open ? this.#segments[this.#segments.length - 1] : undefined;
    if (active && active.bytes < this.#options.segmentBytes) return active;
    if (this.#open?.dirty) this.#sync();
    this.#closeActive();
    // every start and every rotation begins a new segment: a file damaged by a crash is never appended to
    mkdirSync(this.#options.dir, { recursive: true });
    const name = segmentName(batch.firstSeq);
    const path = join(this.#options.dir, name);
    this.#open = { fd: openSync(path, 'a'), dirty: false, syncing: false, closeWhenSynced: false };
    const stats: SegmentStats = { segment: { name, path, firstSeq: batch.firstSeq }, entries: 0, bytes: 0, lastSeq: batch.firstSeq - 1, lastEpochMs: Number.NaN };
    this.#segments.push(stats);
    return stats;
  }

  /** Deletes the oldest segments whose entries all lie beyond the retention (never the active one). */
  #applyRetention(nowEpochMs: number): void {
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
      // off-thread: no operation waits for it (flush does), and a file already gone is fine
      const done = new Promise<void>((resolve) => {
        unlink(oldest.segment.path, (error) => {
          if (error && error.code !== 'ENOENT') this.#options.onWarning(`operation log: could not delete ${OPLOG_DIR}/${oldest.segment.name} (${describe(error)})`);
          resolve();
        });
      });
      this.#unlinks.add(done);
      void done.then(() => this.#unlinks.delete(done));
    }
  }

  /** The active segment is closed now, or once its fdatasync in flight is done. */
  #closeActive(): void {
    const segment = this.#open;
    this.#open = null;
    if (segment === null) return;
    if (segment.syncing) segment.closeWhenSynced = true;
    else closeQuietly(segment.fd);
  }
}

/** writevSync until every byte is written (a short write continues where it stopped). */
function writeAll(fd: number, buffers: Buffer[]): void {
  let pending = buffers.filter((b) => b.length > 0);
  while (pending.length > 0) {
    let written = writevSync(fd, pending);
    const rest: Buffer[] = [];
    for (const buffer of pending) {
      if (written >= buffer.length) {
        written -= buffer.length;
        continue;
      }
      rest.push(written > 0 ? buffer.subarray(written) : buffer);
      written = 0;
    }
    pending = rest;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
