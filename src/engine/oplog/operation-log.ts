// The operation log: turns each observed operation into an entry, keeps the retained entries
// queryable as `_system.operation_log`, writes them to segment files in batches (at most
// flushIntervalMs behind, sooner once a megabyte is waiting), feeds live subscribers and alerts
// the slow-query webhook.
//
// Each kept observation becomes its JSON line at once, in the log's off-heap buffers: holding
// observations back to build them in batches let the ones alive at a scavenge (with the explain
// and request objects they reference) be promoted, which under REST load doubled the scavenges'
// cost and grew the old generation by ~0.8 KB per request. What is batched is what costs per call:
// the file write (timer or a megabyte), live subscribers and the webhook's delivery.
import { unlinkSync } from 'node:fs';
import type { CallContext } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import type { QueryContext } from '../query/query-engine.js';
import { AlertWebhook, type WebhookFailure, type WebhookStats } from './alert-webhook.js';
import { EntryWriter, TimestampFormatter } from './entry-builder.js';
import { Observation, copyFilter } from './observation.js';
import { oplogId, oplogSeq, type OplogEntry, type OplogOperation } from './oplog-entry.js';
import { resolveOplogOptions, type OplogOptions, type ResolvedOplogOptions } from './oplog-options.js';
import { OplogSampler } from './oplog-sampler.js';
import { OPLOG_SCHEMA, SYSTEM_OPERATION_LOG } from './oplog-schema.js';
import { listOplogSegments, oplogDir, readOplogSegment, type SegmentStats } from './oplog-segment-files.js';
import { OplogSegmentWriter, type Batch } from './oplog-segment-writer.js';
import { LineChunks } from './line-chunks.js';
import { OplogWindow, type OplogLine, type OplogMeta } from './oplog-window.js';

/** An entry reported by a subsystem outside the Database (function invocations, auth failures). */
export interface AppendInput {
  operation: OplogOperation;
  collection: string | null;
  ctx: CallContext;
  /** clock.now() when it started (default: now) */
  startedMs?: number;
  durationMs?: number;
  filter?: unknown;
  /** the failure; omitted when it succeeded */
  error?: unknown;
  detail?: string | null;
}

export interface OplogStats {
  /** entries retained (and queryable) */
  entries: number;
  /** the last sequence number handed out */
  seq: number;
  /** operations not recorded because of sample_rate */
  sampled_out: number;
  /** entries not yet written to a segment file */
  unwritten: number;
  segments: number;
  webhook: WebhookStats | null;
}

/** Receives each batch of new entries (their lines and filterable fields), oldest first. */
export type OplogListener = (entries: readonly OplogLine[]) => void;

/** What the rest of the system uses: the server's live stream, functions and auth (append). */
export interface OperationLogHandle {
  /** the clock the log times operations with (monotonic ms) */
  now(): number;
  record(observation: Observation): void;
  append(input: AppendInput): void;
  /** calls `listener` with every batch of new entries until the returned function is called */
  subscribe(listener: OplogListener): () => void;
  /** the newest `limit` retained entries that `keep` accepts, oldest first */
  recent(limit: number, keep?: (entry: OplogMeta) => boolean): OplogLine[];
  stats(): OplogStats;
  /** notifies subscribers of every new entry, writes every unwritten one and waits for retention's deletions */
  flush(): Promise<void>;
}

/** New lines handed to live subscribers at once, whether or not the timer has fired. */
const NOTIFY_AT = 64;
/**
 * Unwritten bytes written at once, whether or not the timer has fired: a caller that never yields
 * to the event loop (awaited in-memory reads in a loop) must not pile its entries up in memory.
 */
const WRITE_AT_BYTES = 1024 * 1024;

const WEBHOOK_CONTEXT: CallContext = Object.freeze({ caller: Object.freeze({ kind: 'service' as const }), source: 'internal' as const });

export interface OpenOperationLogOptions {
  dataDir: string;
  options: OplogOptions;
  /** the database's fsync setting (the default of options.fsync) */
  fsync: boolean;
  onWarning: (message: string) => void;
}

/** Recovers the retained entries from the segment files and starts the log. */
export function openOperationLog(open: OpenOperationLogOptions): OperationLog {
  const options = resolveOplogOptions(open.options, open.fsync);
  const dir = oplogDir(open.dataDir);
  const segments = listOplogSegments(dir);
  // newest first, until the retention is covered; older segments hold only entries beyond it
  const read: Array<{ stats: SegmentStats; entries: OplogEntry[]; lines: string[] }> = [];
  let count = 0;
  let index = segments.length - 1;
  for (; index >= 0 && count < options.retentionEntries; index--) {
    const parsed = readOplogSegment(segments[index]!, { onWarning: open.onWarning, repairTornTail: true });
    read.push({ stats: parsed, entries: parsed.parsed, lines: parsed.lines });
    count += parsed.entries;
  }
  for (; index >= 0; index--) {
    try {
      unlinkSync(segments[index]!.path);
    } catch (error) {
      open.onWarning(`operation log: could not delete ${segments[index]!.name} beyond the retention (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  read.reverse();
  let seq = 0;
  for (const { stats } of read) seq = Math.max(seq, stats.lastSeq, stats.segment.firstSeq);
  const log = new OperationLog(options, dir, read.map((r) => r.stats), seq, open.onWarning);
  const skip = Math.max(0, count - options.retentionEntries);
  let seen = 0;
  for (const { entries, lines } of read) {
    for (let i = 0; i < entries.length; i++, seen++) if (seen >= skip) log.restore(entries[i]!, lines[i]!);
  }
  log.restored();
  return log;
}

export class OperationLog implements OperationLogHandle {
  readonly #options: ResolvedOplogOptions;
  readonly #sampler: OplogSampler;
  readonly #window: OplogWindow;
  readonly #writer: OplogSegmentWriter;
  readonly #webhook: AlertWebhook | null;
  readonly #listeners = new Set<OplogListener>();
  readonly #timestamps = new TimestampFormatter();
  readonly #entryWriter = new EntryWriter();
  readonly #onWarning: (message: string) => void;
  #seq: number;
  #sampledOut = 0;
  /** bumped after every schema change; reads recorded while one runs get -1 (explain texts not reused) */
  #schemaGeneration = 0;
  #schemaChanges = 0;
  /** new lines not yet handed to live subscribers (only while there are subscribers) */
  #fresh: OplogLine[] = [];
  /** the retained lines; their bytes not yet handed to the writer are the next batch */
  readonly #chunks = new LineChunks();
  #unwrittenEntries = 0;
  #unwrittenFirstSeq = 0;
  #unwrittenLastSeq = 0;
  #unwrittenLastEpochMs = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: ResolvedOplogOptions, dir: string, segments: SegmentStats[], seq: number, onWarning: (message: string) => void) {
    this.#options = options;
    this.#seq = seq;
    this.#onWarning = onWarning;
    this.#sampler = new OplogSampler(options.slowEnabled ? options.sampleRate : 1, options.sampleSeed);
    this.#window = new OplogWindow(options.retentionEntries, (chunk) => this.#chunks.release(chunk));
    this.#writer = new OplogSegmentWriter(
      { dir, segmentBytes: options.segmentBytes, fsync: options.fsync, retentionEntries: options.retentionEntries, retentionMs: options.retentionMs, onWarning },
      segments,
    );
    this.#webhook =
      options.slowEnabled && options.alertWebhook !== ''
        ? new AlertWebhook({
            url: options.alertWebhook,
            timeoutMs: options.webhookTimeoutMs,
            maxInFlight: options.webhookMaxInFlight,
            now: () => options.clock.now(),
            onFailure: (failure) => this.#webhookFailed(failure),
          })
        : null;
  }

  now(): number {
    return this.#options.clock.now();
  }

  /** Loads a recovered entry (oldest first) into the window. */
  restore(entry: OplogEntry, line: string): void {
    const start = this.#chunks.append(line);
    this.#window.append(this.#chunks.lastChunk, start, this.#chunks.lastEnd, oplogSeq(entry._id) ?? 0, Date.parse(entry.timestamp), entry.collection ?? null, entry.operation, entry.slow === true);
  }

  /** After restore: the recovered lines are in the files already. */
  restored(): void {
    this.#chunks.takeUnwritten();
    this.#chunks.written();
    this.dropExpired();
  }

  /** Drops entries beyond the age retention. */
  dropExpired(): void {
    if (this.#options.retentionMs > 0) this.#window.dropOlderThan(this.#epochNow() - this.#options.retentionMs);
  }

  record(o: Observation): void {
    if (this.#closed) return;
    const seq = ++this.#seq;
    const slow = this.#options.slowEnabled && o.durationMs >= this.#options.thresholdMs && o.operation !== 'webhook';
    if (!slow && o.error === undefined && !this.#sampler.keep(seq)) {
      this.#sampledOut++;
      return;
    }
    o.seq = seq;
    o.slow = slow;
    o.generation = this.#schemaChanges > 0 ? -1 : this.#schemaGeneration;
    if (!this.#appendSafely(o)) return;
    // A caller awaiting operations that complete without I/O never yields to the timer: write once
    // a megabyte is unwritten and notify by count, so memory stays bounded. Otherwise both wait for
    // the timer (one write per flush interval).
    if (this.#chunks.unwrittenBytes >= WRITE_AT_BYTES) this.#write();
    if (this.#fresh.length >= NOTIFY_AT) this.#notify();
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.#onTimer(), this.#options.flushIntervalMs);
      this.#timer.unref();
    }
  }

  /** A schema change starts: explains recorded from now until it ends are never reused. */
  schemaChangeStarted(): void {
    this.#schemaChanges++;
  }

  schemaChangeEnded(): void {
    this.#schemaChanges--;
    this.#schemaGeneration++;
  }

  append(input: AppendInput): void {
    const now = this.now();
    const started = input.startedMs ?? now;
    this.record(
      new Observation(input.operation, input.collection, input.ctx, started, input.durationMs ?? now - started, copyFilter(input.filter), 0, 0, null, null, input.error, null, null, null, input.detail ?? null),
    );
  }

  subscribe(listener: OplogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  recent(limit: number, keep: (entry: OplogMeta) => boolean = () => true): OplogLine[] {
    return this.#window.newest(limit, keep);
  }

  /** The planner's view of `_system.operation_log` (every recorded operation included). */
  queryContext(maxLimit: number): QueryContext {
    const { indexes, docs } = this.#window.queryable();
    return { collection: SYSTEM_OPERATION_LOG, schema: OPLOG_SCHEMA, docs, indexes, maxLimit };
  }

  get(id: string): OplogEntry | null {
    return (this.#window.queryable().docs.get(id) as OplogEntry | undefined) ?? null;
  }


  get size(): number {
    return this.#window.size;
  }

  stats(): OplogStats {
    return {
      entries: this.#window.size,
      seq: this.#seq,
      sampled_out: this.#sampledOut,
      unwritten: this.#unwrittenEntries,
      segments: this.#writer.segments.length,
      webhook: this.#webhook?.stats ?? null,
    };
  }

  async flush(): Promise<void> {
    this.#notify();
    this.#write();
    await this.#writer.settled();
  }

  /** Writes everything recorded so far and stops; later operations are not recorded. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
    await this.#writer.close();
  }

  /** Waits for alert deliveries in flight and writes the failures they logged (tests, shutdown). */
  async settleWebhook(): Promise<void> {
    await this.#webhook?.settle();
    await this.flush();
  }

  #onTimer(): void {
    this.#timer = null;
    this.#notify();
    this.#write();
  }

  /** Never throws: the log must not fail an operation that succeeded. */
  #appendSafely(o: Observation): boolean {
    try {
      this.#append(o);
      return true;
    } catch (error) {
      this.#onWarning(`operation log: building an entry failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Builds the observation's line: window, next file write, subscribers, webhook. */
  #append(o: Observation): void {
    const chunks = this.#chunks;
    const epochMs = this.#options.clock.timeOrigin + o.startedMs;
    const start = this.#entryWriter.append(o, this.#timestamps.format(epochMs), chunks);
    this.#window.append(chunks.lastChunk, start, chunks.lastEnd, o.seq, epochMs, o.collection, o.operation, o.slow);
    if (this.#unwrittenEntries++ === 0) this.#unwrittenFirstSeq = o.seq;
    this.#unwrittenLastSeq = o.seq;
    this.#unwrittenLastEpochMs = epochMs;
    const listening = this.#listeners.size > 0;
    const line = listening || (o.slow && this.#webhook !== null) ? chunks.lastLine(start) : '';
    if (listening) this.#fresh.push({ line, seq: o.seq, epochMs, collection: o.collection, operation: o.operation, slow: o.slow });
    if (o.slow && this.#webhook) this.#webhook.deliver({ id: oplogId(o.seq), collection: o.collection }, line);
    // the entry's start stands in for the clock: it is at most the operation's duration behind
    if (this.#options.retentionMs > 0) this.#window.dropOlderThan(epochMs - this.#options.retentionMs);
  }

  /** Hands the new lines to live subscribers (never throws). */
  #notify(): void {
    const fresh = this.#fresh;
    if (fresh.length === 0) return;
    this.#fresh = [];
    for (const listener of this.#listeners) {
      try {
        listener(fresh);
      } catch (error) {
        this.#onWarning(`operation log: a live listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Hands every unwritten line to the writer (a synchronous write into the page cache; never throws). */
  #write(): void {
    if (this.#unwrittenEntries === 0) return;
    const batch: Batch = {
      buffers: this.#chunks.takeUnwritten(),
      firstSeq: this.#unwrittenFirstSeq,
      lastSeq: this.#unwrittenLastSeq,
      entries: this.#unwrittenEntries,
      lastEpochMs: this.#unwrittenLastEpochMs,
    };
    this.#unwrittenEntries = 0;
    // the clock is read only when age retention needs it
    this.#writer.write(batch, this.#options.retentionMs > 0 ? this.#epochNow() : 0);
    this.#chunks.written();
  }

  #webhookFailed(failure: WebhookFailure): void {
    const error = new AeroError('AERO_OPLOG_WEBHOOK_FAILED', failure.message, {
      details: { reason: failure.reason, url: this.#options.alertWebhook, alert_for: failure.alert.id },
    });
    this.record(
      new Observation('webhook', failure.alert.collection, WEBHOOK_CONTEXT, failure.startedMs, failure.durationMs, null, 0, 0, null, null, error, null, null, null, `alert for ${failure.alert.id}`),
    );
  }

  #epochNow(): number {
    return this.#options.clock.timeOrigin + this.#options.clock.now();
  }
}

