// The WAL writer: one queue, group commit, segment rollover. LSNs are assigned synchronously by
// append(); a single flush loop drains everything queued with one positional writev and one
// fdatasync per segment touched (with fsync on, segments are opened O_DSYNC where the platform has it,
// so the writev itself returns only once durable: one threadpool job per batch instead of two), then
// resolves every waiter. Any write/sync failure poisons the
// writer: after a failed fsync the page cache is unknowable, so nothing more may be acknowledged.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import type { WalUnit } from '../types.js';
import { osErrorCode, osErrorText, writevFully } from './durable-fs.js';
import { TEMP_SUFFIX, WAL_DIR, segmentFileName } from './lsn-file-names.js';
import { RecordType, encodeRecord } from './record-format.js';
import type { WalSegmentRef } from './wal-recovery.js';
import { discardPrepared, prepareSegment, promoteSegment, type OpenSegment, type PreparedSegment } from './wal-segment-files.js';

export interface WalWriterOptions {
  walDir: string;
  fsync: boolean;
  segmentBytes: number;
  active: OpenSegment;
  /** every segment on disk, ascending; the last one is `active` */
  segments: WalSegmentRef[];
  /** the last LSN already on disk (or in the checkpoint); the next append gets lastLsn + 1 */
  lastLsn: number;
  /** bytes of records already in the WAL since the checkpoint */
  initialBytes: number;
}

export interface WalStats {
  /** group commits (batches written) */
  flushes: number;
  /** records written */
  records: number;
  /** durability points: fdatasync calls, or batches written through O_DSYNC (0 when fsync is off) */
  syncs: number;
  /** segments created by rollover (the preallocation of the next one happens in the background) */
  segmentsCreated: number;
}

interface QueuedRecord {
  lsn: number;
  record: Buffer;
}

interface Waiter {
  lsn: number;
  resolve: () => void;
  reject: (error: AeroError) => void;
}

interface RollRequest {
  afterLsn: number;
  resolve: () => void;
  reject: (error: AeroError) => void;
}

export class WalWriter {
  private readonly walDir: string;
  private readonly fsync: boolean;
  private readonly segmentBytes: number;
  private readonly segments: WalSegmentRef[];
  private active: OpenSegment;
  private activeDirty = false;

  private nextLsn: number;
  private writtenLsn: number;
  private durable: number;
  private queue: QueuedRecord[] = [];
  private waiters: Waiter[] = [];
  private rollRequests: RollRequest[] = [];

  private flushScheduled = false;
  private flushActive = false;
  private flushIdle: Promise<void> = Promise.resolve();
  private failure: AeroError | null = null;
  private closing: Promise<void> | null = null;

  private prepared: PreparedSegment | null = null;
  private preparing: Promise<void> | null = null;
  private tempCounter = 0;

  /** record bytes appended since open (plus the recovered tail) */
  appendedBytes: number;
  private readonly counters: WalStats = { flushes: 0, records: 0, syncs: 0, segmentsCreated: 0 };

  constructor(options: WalWriterOptions) {
    this.walDir = options.walDir;
    this.fsync = options.fsync;
    this.segmentBytes = options.segmentBytes;
    this.segments = options.segments;
    this.active = options.active;
    this.nextLsn = options.lastLsn + 1;
    this.writtenLsn = options.lastLsn;
    this.durable = options.lastLsn;
    this.appendedBytes = options.initialBytes;
  }

  get lastLsn(): number {
    return this.nextLsn - 1;
  }

  get durableLsn(): number {
    return this.durable;
  }

  /** The error that poisoned the writer, if any. */
  get poisoned(): AeroError | null {
    return this.failure;
  }

  stats(): WalStats {
    return { ...this.counters };
  }

  append(unit: WalUnit): number {
    if (this.failure) throw this.failure;
    const lsn = this.nextLsn;
    const record = encodeRecord(lsn, RecordType.walUnit, JSON.stringify(unit));
    this.nextLsn++;
    this.queue.push({ lsn, record });
    this.appendedBytes += record.length;
    this.scheduleFlush();
    return lsn;
  }

  waitDurable(lsn: number): Promise<void> {
    if (lsn <= this.durable) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    if (lsn >= this.nextLsn) {
      return Promise.reject(new AeroError('AERO_INTERNAL', `waitDurable(${lsn}) waits for an LSN that was never assigned (the last is ${this.nextLsn - 1})`, { details: { lsn, last_lsn: this.nextLsn - 1 } }));
    }
    return new Promise((resolve, reject) => this.waiters.push({ lsn, resolve, reject }));
  }

  /**
   * Starts a new segment right after `afterLsn` is written (or now, if it already is), so that
   * every older segment holds only LSNs <= afterLsn and can be deleted once a checkpoint covers them.
   */
  rollAfter(afterLsn: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<void>((resolve, reject) => this.rollRequests.push({ afterLsn, resolve, reject }));
    // Shortens (or avoids) the stall when the cut comes before the half-full preallocation point.
    this.prepareNext();
    this.scheduleFlush();
    return done;
  }

  /** Deletes segments whose every LSN is <= `lsn` (never the active one); returns their names. */
  async deleteCoveredSegments(lsn: number): Promise<string[]> {
    const doomed: WalSegmentRef[] = [];
    while (this.segments.length > 1 && this.segments[1]!.firstLsn <= lsn + 1) doomed.push(this.segments.shift()!);
    const deleted: string[] = [];
    for (const segment of doomed) {
      try {
        await unlink(join(this.walDir, segment.name));
        deleted.push(segment.name);
      } catch (error) {
        if (osErrorCode(error) !== 'ENOENT') throw error;
      }
    }
    return deleted;
  }

  /** Flushes everything queued, then closes the files. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.drainAndClose();
    return this.closing;
  }

  private async drainAndClose(): Promise<void> {
    for (;;) {
      this.startFlush();
      if (!this.flushActive) break;
      await this.flushIdle;
    }
    await this.active.handle.close().catch(() => undefined);
    if (this.preparing) await this.preparing;
    if (this.prepared) await discardPrepared(this.prepared);
    this.prepared = null;
  }

  // ------------------------------------------------------------------ flush loop

  private scheduleFlush(): void {
    if (this.flushActive || this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate (not a microtask): appends made by every callback of this event-loop turn join
    // the same group commit, at the cost of one loop turn of latency.
    setImmediate(() => {
      this.flushScheduled = false;
      this.startFlush();
    });
  }

  private startFlush(): void {
    if (this.flushActive || this.failure) return;
    if (this.queue.length === 0 && this.rollRequests.length === 0) return;
    this.flushActive = true;
    this.flushIdle = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (!this.failure) {
        const roll = this.rollRequests[0];
        if (roll && roll.afterLsn <= this.writtenLsn) {
          await this.serveRoll(roll);
          continue;
        }
        if (this.queue.length === 0) break;
        let count = this.queue.length;
        if (roll) {
          // Cut the batch at the roll point so the new segment starts exactly at afterLsn + 1.
          count = 0;
          while (count < this.queue.length && this.queue[count]!.lsn <= roll.afterLsn) count++;
        }
        await this.writeBatch(this.queue.splice(0, count));
      }
    } catch (error) {
      this.poison('write', this.active.name, error);
    } finally {
      this.flushActive = false;
    }
  }

  private async writeBatch(batch: QueuedRecord[]): Promise<void> {
    let index = 0;
    while (index < batch.length) {
      const segment = this.active;
      let end = index;
      let bytes = 0;
      while (end < batch.length && segment.offset + bytes + batch[end]!.record.length <= segment.capacity) {
        bytes += batch[end]!.record.length;
        end++;
      }
      if (end === index) {
        // The next record does not fit: make this segment durable, then continue in a new one.
        await this.syncActive();
        await this.rollTo(batch[index]!.lsn, batch[index]!.record.length);
        continue;
      }
      const buffers = batch.slice(index, end).map((queued) => queued.record);
      try {
        await writevFully(segment.handle, buffers, segment.offset);
      } catch (error) {
        throw this.poison('write', segment.name, error);
      }
      segment.offset += bytes;
      this.activeDirty = true;
      this.writtenLsn = batch[end - 1]!.lsn;
      index = end;
    }
    await this.syncActive();
    this.counters.flushes++;
    this.counters.records += batch.length;
    this.markDurable(this.writtenLsn);
    this.maybePrepareNext();
  }

  private async syncActive(): Promise<void> {
    if (!this.activeDirty) return;
    if (this.fsync && this.active.syncedWrites) {
      // O_DSYNC: the writes that made it dirty returned only once durable
      this.counters.syncs++;
    } else if (this.fsync) {
      try {
        await this.active.handle.datasync();
      } catch (error) {
        throw this.poison('fdatasync', this.active.name, error);
      }
      this.counters.syncs++;
    }
    this.activeDirty = false;
  }

  private markDurable(lsn: number): void {
    this.durable = lsn;
    const waiting: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.lsn <= lsn) waiter.resolve();
      else waiting.push(waiter);
    }
    this.waiters = waiting;
  }

  private async serveRoll(request: RollRequest): Promise<void> {
    this.rollRequests.shift();
    if (this.active.offset > 0 && this.active.firstLsn <= request.afterLsn) {
      await this.syncActive();
      await this.rollTo(this.writtenLsn + 1, 0);
    }
    request.resolve();
  }

  // ------------------------------------------------------------------ segments

  private async rollTo(firstLsn: number, recordBytes: number): Promise<void> {
    const capacity = Math.max(this.segmentBytes, recordBytes);
    const previous = this.active;
    let prepared: PreparedSegment | null = null;
    if (capacity === this.segmentBytes) {
      if (this.preparing) await this.preparing;
      prepared = this.prepared;
      this.prepared = null;
    }
    try {
      prepared ??= await prepareSegment(this.walDir, this.nextTempName(), capacity, this.fsync);
      this.active = await promoteSegment(this.walDir, prepared, firstLsn, this.fsync);
    } catch (error) {
      if (prepared) await discardPrepared(prepared);
      throw this.poison('create', segmentFileName(firstLsn), error);
    }
    this.activeDirty = false;
    // An empty segment with the same first LSN (a record too big for it) was just replaced by the rename.
    if (previous.offset === 0 && previous.firstLsn === firstLsn) this.segments.pop();
    this.segments.push({ name: this.active.name, firstLsn });
    this.counters.segmentsCreated++;
    // Already synced: a failing close cannot lose anything.
    await previous.handle.close().catch(() => undefined);
  }

  /** Preallocates the next segment in the background once the active one is half full. */
  private maybePrepareNext(): void {
    if (this.active.offset * 2 >= this.active.capacity) this.prepareNext();
  }

  private prepareNext(): void {
    if (this.prepared || this.preparing || this.failure || this.closing) return;
    this.preparing = prepareSegment(this.walDir, this.nextTempName(), this.segmentBytes, this.fsync).then(
      (prepared) => {
        this.prepared = prepared;
        this.preparing = null;
      },
      () => {
        // Not fatal here: rollover retries the preparation and poisons only if that fails too.
        this.preparing = null;
      },
    );
  }

  private nextTempName(): string {
    this.tempCounter++;
    return `next-${this.tempCounter}.log${TEMP_SUFFIX}`;
  }

  // ------------------------------------------------------------------ failure

  /** Poisons the writer (first failure wins) and returns the error every caller gets from now on. */
  private poison(action: string, segmentName: string, error: unknown): AeroError {
    if (this.failure) return this.failure;
    const segment = `${WAL_DIR}/${segmentName}`;
    this.failure = new AeroError(
      'AERO_WAL_WRITE_FAILED',
      `WAL ${action} failed on segment ${segment}: ${osErrorText(error)}. The database stopped accepting writes; nothing after LSN ${this.durable} was acknowledged.`,
      { details: { segment, action, os_error: osErrorCode(error) ?? null, durable_lsn: this.durable }, cause: error },
    );
    for (const waiter of this.waiters) waiter.reject(this.failure);
    this.waiters = [];
    for (const request of this.rollRequests) request.reject(this.failure);
    this.rollRequests = [];
    this.queue = [];
    return this.failure;
  }
}
