// `aerodb doctor`: every checksum in a data directory, verified without changing a byte. It reads
// what recovery reads (FORMAT, checkpoints, WAL segments, operation-log segments) and reports each
// file's state and every problem, with the repair a problem allows. Safe while a server runs: it
// only reads, so a segment being appended may show a torn tail that is really a write in progress.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAeroError } from '../errors/aero-error.js';
import { listOplogSegments, oplogDir, readOplogSegment } from '../oplog/oplog-segment-files.js';
import { readCheckpointFile } from '../storage/checkpoint-reader.js';
import { lockHolder } from '../storage/data-dir-lock.js';
import { osErrorCode } from '../storage/durable-fs.js';
import { FORMAT_FILE, STORAGE_FORMAT_VERSION } from '../storage/format-file.js';
import { CHECKPOINT_DIR, CHECKPOINT_SUFFIX, SEGMENT_SUFFIX, WAL_DIR, lsnFiles } from '../storage/lsn-file-names.js';
import { walCorruption } from '../storage/wal-recovery.js';
import { classifyDamage, scanSegment } from '../storage/wal-segment-scan.js';
import { ZeroScanner } from '../storage/zero-bytes.js';

export type StorageArea = 'format' | 'checkpoint' | 'wal' | 'oplog';

export interface StorageProblem {
  area: StorageArea;
  /** error: the database will not open (or has lost data); warning: it opens, something is off */
  severity: 'error' | 'warning';
  /** relative to the data directory */
  file: string | null;
  message: string;
  details: Record<string, unknown>;
  /** what to do about it */
  fix: string;
}

export interface CheckpointReport {
  file: string;
  lsn: number;
  status: 'ok' | 'corrupt';
  /** recovery uses the newest checkpoint only; older ones are deleted by the next checkpoint */
  newest: boolean;
  documents: number | null;
}

export interface WalSegmentReport {
  file: string;
  first_lsn: number;
  bytes: number;
  /** covered: every LSN in it is in the checkpoint (recovery deletes it unread); unchecked: after a corruption */
  status: 'ok' | 'torn_tail' | 'corrupt' | 'covered' | 'unchecked';
  records: number;
  last_lsn: number | null;
}

export interface StorageReport {
  dir: string;
  ok: boolean;
  format: { file: string; status: 'ok' | 'missing' | 'unknown' };
  lock: { pid: number | null; alive: boolean };
  checkpoints: CheckpointReport[];
  checkpoint_lsn: number;
  wal: { segments: WalSegmentReport[]; last_valid_lsn: number };
  oplog: { segments: number; entries: number; skipped: number };
  problems: StorageProblem[];
}

export async function inspectStorage(dir: string): Promise<StorageReport> {
  const problems: StorageProblem[] = [];
  const format = await inspectFormat(dir, problems);
  const lock = await lockHolder(dir);
  const checkpoints = await inspectCheckpoints(dir, problems);
  const newest = checkpoints.at(-1);
  const checkpointLsn = newest?.status === 'ok' ? newest.lsn : newest?.lsn ?? 0;
  const wal = await inspectWal(dir, checkpointLsn, problems);
  const oplog = inspectOplog(dir, problems);
  return {
    dir,
    ok: !problems.some((p) => p.severity === 'error'),
    format,
    lock,
    checkpoints,
    checkpoint_lsn: checkpointLsn,
    wal,
    oplog,
    problems,
  };
}

async function inspectFormat(dir: string, problems: StorageProblem[]): Promise<StorageReport['format']> {
  let text: string;
  try {
    text = await readFile(join(dir, FORMAT_FILE), 'utf8');
  } catch (error) {
    if (osErrorCode(error) !== 'ENOENT') throw error;
    problems.push({
      area: 'format',
      severity: 'error',
      file: FORMAT_FILE,
      message: `${FORMAT_FILE} is missing: this is not an AeroDB data directory, or it was never opened`,
      details: {},
      fix: 'Check the path (--dir, or [storage] data_dir in aerodb.toml).',
    });
    return { file: FORMAT_FILE, status: 'missing' };
  }
  let found: unknown;
  try {
    found = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    found = text.trim();
  }
  if (found === STORAGE_FORMAT_VERSION) return { file: FORMAT_FILE, status: 'ok' };
  problems.push({
    area: 'format',
    severity: 'error',
    file: FORMAT_FILE,
    message: `${FORMAT_FILE} declares storage format ${JSON.stringify(found)}; this AeroDB reads format ${STORAGE_FORMAT_VERSION}`,
    details: { found: found ?? null, supported: STORAGE_FORMAT_VERSION },
    fix: 'Use the AeroDB version that wrote this directory.',
  });
  return { file: FORMAT_FILE, status: 'unknown' };
}

async function listNames(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (osErrorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

async function inspectCheckpoints(dir: string, problems: StorageProblem[]): Promise<CheckpointReport[]> {
  const files = lsnFiles(await listNames(join(dir, CHECKPOINT_DIR)), CHECKPOINT_SUFFIX);
  const reports: CheckpointReport[] = [];
  for (let i = 0; i < files.length; i++) {
    const { name, lsn } = files[i]!;
    const label = `${CHECKPOINT_DIR}/${name}`;
    const newest = i === files.length - 1;
    try {
      const contents = await readCheckpointFile(join(dir, CHECKPOINT_DIR, name), label, lsn);
      reports.push({ file: label, lsn, status: 'ok', newest, documents: contents.collections.reduce((sum, c) => sum + c.docs.length, 0) });
    } catch (error) {
      if (!isAeroError(error)) throw error;
      reports.push({ file: label, lsn, status: 'corrupt', newest, documents: null });
      problems.push({
        area: 'checkpoint',
        severity: newest ? 'error' : 'warning',
        file: label,
        message: error.message,
        details: error.details ?? {},
        fix: newest
          ? 'Copy the data directory aside and restore it from a backup: the WAL segments older than this checkpoint were deleted, so it cannot be rebuilt.'
          : 'None needed: recovery uses only the newest checkpoint, and the next checkpoint deletes this one.',
      });
    }
  }
  return reports;
}

async function inspectWal(dir: string, checkpointLsn: number, problems: StorageProblem[]): Promise<StorageReport['wal']> {
  const walDir = join(dir, WAL_DIR);
  const files = lsnFiles(await listNames(walDir), SEGMENT_SUFFIX);
  const segments: WalSegmentReport[] = [];
  // a segment whose successor starts at or below checkpoint+1 holds only checkpointed LSNs
  let first = 0;
  while (first < files.length - 1 && files[first + 1]!.lsn <= checkpointLsn + 1) {
    const covered = files[first]!;
    segments.push({ file: `${WAL_DIR}/${covered.name}`, first_lsn: covered.lsn, bytes: 0, status: 'covered', records: 0, last_lsn: null });
    first++;
  }
  let lastValid = checkpointLsn;
  let expected = files[first]?.lsn ?? checkpointLsn + 1;
  const zeros = new ZeroScanner();
  let damaged = false;
  for (let index = first; index < files.length; index++) {
    const { name, lsn } = files[index]!;
    const file = `${WAL_DIR}/${name}`;
    if (damaged) {
      segments.push({ file, first_lsn: lsn, bytes: 0, status: 'unchecked', records: 0, last_lsn: null });
      continue;
    }
    const buffer = await readFile(join(walDir, name));
    const report: WalSegmentReport = { file, first_lsn: lsn, bytes: buffer.length, status: 'ok', records: 0, last_lsn: null };
    segments.push(report);
    const gap = index === first && lsn > checkpointLsn + 1
      ? `the WAL starts at LSN ${lsn} but the checkpoint ends at LSN ${checkpointLsn}: LSNs ${checkpointLsn + 1}..${lsn - 1} are missing`
      : lsn !== expected
        ? `its file name says it starts at LSN ${lsn}, but the previous segment ends before LSN ${expected}`
        : null;
    if (gap !== null) {
      report.status = 'corrupt';
      damaged = true;
      problems.push(walProblem(name, 0, expected, gap, {}, checkpointLsn));
      continue;
    }
    const scan = scanSegment(buffer, lsn, zeros, () => undefined);
    report.records = scan.records;
    report.last_lsn = scan.records > 0 ? scan.nextLsn - 1 : null;
    if (scan.records > 0) lastValid = Math.max(lastValid, scan.nextLsn - 1);
    expected = scan.nextLsn;
    if (scan.damage === null) continue;
    const isLast = index === files.length - 1;
    const verdict = classifyDamage(scan.damage, scan.nextLsn, isLast);
    if (verdict.torn) {
      report.status = 'torn_tail';
      problems.push({
        area: 'wal',
        severity: 'warning',
        file,
        message: `${file} ends with an incomplete record at byte offset ${scan.damage.offset} (would have been LSN ${scan.nextLsn}; ${verdict.reason})`,
        details: { segment: file, offset: scan.damage.offset, expected_lsn: scan.nextLsn },
        fix: 'None needed: a write cut short by a crash was never acknowledged, and the next open discards it. (With a server running, it may be a write in progress.)',
      });
      continue;
    }
    report.status = 'corrupt';
    damaged = true;
    problems.push(walProblem(name, scan.damage.offset, scan.nextLsn, verdict.reason, verdict.details, checkpointLsn));
  }
  return { segments, last_valid_lsn: lastValid };
}

/** The AERO_WAL_CORRUPTION recovery would throw, as a problem with the fix that fits it. */
function walProblem(name: string, offset: number, expectedLsn: number, reason: string, extra: Record<string, unknown>, checkpointLsn: number): StorageProblem {
  const keep = expectedLsn - 1;
  const error = walCorruption(name, offset, expectedLsn, reason, extra);
  return {
    area: 'wal',
    severity: 'error',
    file: `${WAL_DIR}/${name}`,
    message: error.message,
    details: error.details ?? {},
    fix:
      keep >= checkpointLsn
        ? `Copy the data directory aside, then either restore it from a backup or run \`aerodb doctor --repair --truncate-at ${keep}\`: it keeps LSNs up to ${keep}, moves every later record aside into doctor/ and logs what it dropped.`
        : 'Copy the data directory aside and restore it from a backup: the damage is below the checkpoint, so no truncation can keep a consistent state.',
  };
}

function inspectOplog(dir: string, problems: StorageProblem[]): StorageReport['oplog'] {
  const segments = listOplogSegments(oplogDir(dir));
  let entries = 0;
  let skipped = 0;
  for (const segment of segments) {
    const warnings: string[] = [];
    const parsed = readOplogSegment(segment, { onWarning: (w) => warnings.push(w), repairTornTail: false });
    entries += parsed.entries;
    for (const warning of warnings) {
      const whole = warning.includes('skipped');
      if (whole) skipped++;
      problems.push({
        area: 'oplog',
        severity: 'warning',
        file: `oplog/${segment.name}`,
        message: warning,
        details: {},
        fix: whole
          ? 'None needed for the data: operation-log segments are skipped when damaged and deleted by retention. Delete the file to silence this.'
          : 'None needed: the next open cuts the incomplete line off.',
      });
    }
  }
  return { segments: segments.length, entries, skipped };
}
