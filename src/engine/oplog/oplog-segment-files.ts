// Operation-log segment files: `<data dir>/oplog/<16 hex digits of the first entry's seq>.log`, one
// JSON entry per line, appended in batches. They hold observations, not data: a damaged segment is
// skipped with a warning naming it, and nothing else in the data directory depends on them.
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { isOplogOperation, oplogSeq, type OplogEntry } from './oplog-entry.js';

export const OPLOG_DIR = 'oplog';
const SEGMENT_NAME = /^([0-9a-f]{16})\.log$/;

export interface OplogSegment {
  /** file name, e.g. 0000000000000001.log */
  name: string;
  path: string;
  /** the first sequence number it may hold (from its name) */
  firstSeq: number;
}

export interface SegmentStats {
  segment: OplogSegment;
  /** entries it holds (0 for a skipped, damaged segment) */
  entries: number;
  bytes: number;
  lastSeq: number;
  /** epoch ms of its newest entry (NaN when it has none) */
  lastEpochMs: number;
}

export interface ParsedSegment extends SegmentStats {
  /** in file (= sequence) order */
  parsed: OplogEntry[];
  /** the line of each parsed entry */
  lines: string[];
}

export function oplogDir(dataDir: string): string {
  return join(dataDir, OPLOG_DIR);
}

export function segmentName(firstSeq: number): string {
  return `${firstSeq.toString(16).padStart(16, '0')}.log`;
}

/** The segments in `dir` (the oplog directory), oldest first; [] when it does not exist. */
export function listOplogSegments(dir: string): OplogSegment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const segments: OplogSegment[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match) segments.push({ name, path: join(dir, name), firstSeq: Number.parseInt(match[1]!, 16) });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface ReadSegmentOptions {
  onWarning: (message: string) => void;
  /** cut an incomplete last line off the file (only the process that owns the data directory) */
  repairTornTail: boolean;
}

/**
 * Reads one segment. A last line without its newline is a batch cut short by a crash: it is ignored
 * (and cut off with repairTornTail). Any other damage (a line that is not an entry, _ids out of order)
 * skips the whole segment with a warning naming it.
 */
export function readOplogSegment(segment: OplogSegment, options: ReadSegmentOptions): ParsedSegment {
  const empty: ParsedSegment = { segment, parsed: [], lines: [], entries: 0, bytes: 0, lastSeq: segment.firstSeq - 1, lastEpochMs: Number.NaN };
  let buffer: Buffer;
  try {
    buffer = readFileSync(segment.path);
  } catch (error) {
    options.onWarning(`operation log segment ${OPLOG_DIR}/${segment.name} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
    return empty;
  }
  let end = buffer.lastIndexOf(0x0a) + 1;
  if (end < buffer.length) {
    options.onWarning(
      `operation log segment ${OPLOG_DIR}/${segment.name} ends with an incomplete line (${buffer.length - end} bytes at offset ${end}): ` +
        `the last batch written before a crash; ${options.repairTornTail ? 'cut off' : 'ignored'}`,
    );
    if (options.repairTornTail) {
      try {
        truncateSync(segment.path, end);
      } catch (error) {
        options.onWarning(`could not cut the incomplete line off ${OPLOG_DIR}/${segment.name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
  }
  const text = buffer.toString('utf8', 0, end);
  const parsed: OplogEntry[] = [];
  const lines: string[] = [];
  let previous = segment.firstSeq - 1;
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    const next = text.indexOf('\n', offset);
    line++;
    const lineText = text.slice(offset, next);
    const problem = entryProblem(lineText, previous);
    if (typeof problem === 'string') {
      options.onWarning(`operation log segment ${OPLOG_DIR}/${segment.name} is damaged at line ${line} (${problem}); the whole segment is skipped (the database itself is not affected)`);
      return { ...empty, bytes: buffer.length };
    }
    parsed.push(problem.entry);
    lines.push(lineText);
    previous = problem.seq;
    offset = next + 1;
  }
  end = Buffer.byteLength(text);
  const last = parsed[parsed.length - 1];
  return {
    segment,
    parsed,
    lines,
    entries: parsed.length,
    bytes: end,
    lastSeq: previous,
    lastEpochMs: last ? Date.parse(last.timestamp) : Number.NaN,
  };
}

function entryProblem(line: string, previous: number): string | { entry: OplogEntry; seq: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const entry = value as Partial<OplogEntry>;
  const seq = oplogSeq(entry._id);
  if (seq === null) return `_id ${JSON.stringify(entry._id)} is not an operation id`;
  if (seq <= previous) return `_id ${entry._id} is not after the previous entry`;
  if (typeof entry.timestamp !== 'string' || Number.isNaN(Date.parse(entry.timestamp))) return `entry ${entry._id} has no valid timestamp`;
  if (!isOplogOperation(entry.operation)) return `entry ${entry._id} has no known operation (${JSON.stringify(entry.operation)})`;
  return { entry: entry as OplogEntry, seq };
}
