// `aerodb oplog tail` without a server: the segment files in the data directory, read-only (they
// are never repaired from here; the process that owns the directory does that).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { OplogEntry } from '../../engine/oplog/oplog-entry.js';
import { oplogSeq } from '../../engine/oplog/oplog-entry.js';
import { listOplogSegments, readOplogSegment, type OplogSegment } from '../../engine/oplog/oplog-segment-files.js';
import { matchesTailFilter, type TailFilter } from '../../engine/oplog/tail-filter.js';

/** The newest `limit` entries matching `filter`, oldest first, and the last sequence number seen. */
export function readNewestEntries(dir: string, filter: TailFilter, limit: number, onWarning: (message: string) => void): { entries: OplogEntry[]; lastSeq: number } {
  const segments = listOplogSegments(dir);
  const picked: OplogEntry[] = [];
  let lastSeq = 0;
  for (let i = segments.length - 1; i >= 0 && picked.length < limit; i--) {
    const parsed = readOplogSegment(segments[i]!, { onWarning, repairTornTail: false });
    lastSeq = Math.max(lastSeq, parsed.lastSeq);
    for (let j = parsed.parsed.length - 1; j >= 0 && picked.length < limit; j--) {
      const entry = parsed.parsed[j]!;
      if (matchesTailFilter(entry, filter)) picked.push(entry);
    }
  }
  return { entries: picked.reverse(), lastSeq };
}

/**
 * Follows the segment files like `tail -f`: every poll reads the bytes appended since the last one
 * (and any new segment), and reports complete lines after `lastSeq`.
 */
export class SegmentFollower {
  readonly #dir: string;
  readonly #filter: TailFilter;
  #lastSeq: number;
  /** the segment being read and how far */
  #current: { segment: OplogSegment; offset: number } | null = null;
  #partial = '';

  constructor(dir: string, filter: TailFilter, lastSeq: number) {
    this.#dir = dir;
    this.#filter = filter;
    this.#lastSeq = lastSeq;
  }

  /** New matching entries since the last poll, oldest first. */
  poll(): OplogEntry[] {
    const out: OplogEntry[] = [];
    const segments = listOplogSegments(this.#dir);
    if (segments.length === 0) return out;
    let start = this.#current ? segments.findIndex((s) => s.name === this.#current!.segment.name) : -1;
    if (start === -1) {
      // first poll, or the segment went away (retention): continue at the newest segment that may hold newer entries
      start = Math.max(0, segments.findLastIndex((s) => s.firstSeq <= this.#lastSeq + 1));
      this.#current = { segment: segments[start]!, offset: 0 };
      this.#partial = '';
    }
    for (let i = start; i < segments.length; i++) {
      if (i > start) {
        this.#current = { segment: segments[i]!, offset: 0 };
        this.#partial = '';
      }
      this.#readNew(out);
    }
    return out;
  }

  #readNew(out: OplogEntry[]): void {
    const current = this.#current!;
    let size: number;
    try {
      size = statSync(current.segment.path).size;
    } catch {
      return;
    }
    if (size <= current.offset) return;
    const buffer = Buffer.alloc(size - current.offset);
    const fd = openSync(current.segment.path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, current.offset);
    } finally {
      closeSync(fd);
    }
    current.offset = size;
    const text = this.#partial + buffer.toString('utf8');
    const lines = text.split('\n');
    this.#partial = lines.pop()!;
    for (const line of lines) {
      let entry: OplogEntry;
      try {
        entry = JSON.parse(line) as OplogEntry;
      } catch {
        continue;
      }
      const seq = oplogSeq(entry._id);
      if (seq === null || seq <= this.#lastSeq) continue;
      this.#lastSeq = seq;
      if (matchesTailFilter(entry, this.#filter)) out.push(entry);
    }
  }
}
