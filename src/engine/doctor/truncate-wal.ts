// `aerodb doctor --repair --truncate-at LSN`: the one repair AeroDB makes, and only when asked.
// It keeps every WAL record up to LSN and moves everything after it (the rest of that segment's
// bytes and every later segment) into doctor/repair-<time>/ with a repair.json saying what was
// dropped, so nothing is destroyed. It takes the data directory's LOCK (a running server refuses it)
// and refuses an LSN below the checkpoint, or one that would keep records past the damage.
import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { DataDirLock } from '../storage/data-dir-lock.js';
import { fsyncDir, writeFileAtomically } from '../storage/durable-fs.js';
import { WAL_DIR } from '../storage/lsn-file-names.js';
import { zeroRange } from '../storage/wal-recovery.js';
import { scanSegment } from '../storage/wal-segment-scan.js';
import { ZeroScanner } from '../storage/zero-bytes.js';
import { inspectStorage } from './inspect-storage.js';

export const DOCTOR_DIR = 'doctor';

export interface TruncateWalOptions {
  dir: string;
  /** keep LSNs up to and including this one */
  keepThroughLsn: number;
  /** names the repair folder (the caller's clock: the engine reads none) */
  stamp: string;
  onWarning: (message: string) => void;
}

export interface WalRepair {
  kept_through_lsn: number;
  /** relative to the data directory */
  moved_to: string;
  /** the segment cut, where, and how many bytes were moved aside from it */
  cut: { segment: string; offset: number; bytes: number; saved_as: string } | null;
  /** later segments moved aside whole */
  moved_segments: string[];
  /** LSNs dropped: first..last as far as they were readable (null when nothing readable was dropped) */
  dropped_lsns: { first: number; last: number } | null;
}

export async function truncateWal(options: TruncateWalOptions): Promise<WalRepair> {
  const { dir, keepThroughLsn: keep } = options;
  if (!Number.isSafeInteger(keep) || keep < 0) {
    throw new AeroError('AERO_CONFIG_USAGE', `--truncate-at must be a whole LSN (0 or more), got ${String(keep)}`, { hint: 'Use the LSN that `aerodb doctor` suggests.' });
  }
  const lock = await DataDirLock.acquire(dir, options.onWarning);
  try {
    const report = await inspectStorage(dir);
    if (keep < report.checkpoint_lsn) {
      throw refused(`LSN ${keep} is below the checkpoint (LSN ${report.checkpoint_lsn}): the checkpoint already holds later changes, so truncating there cannot give a consistent state`, 'Restore the data directory from a backup instead.', { checkpoint_lsn: report.checkpoint_lsn });
    }
    const damage = report.problems.find((p) => p.area === 'wal' && p.severity === 'error');
    const damagedLsn = typeof damage?.details['expected_lsn'] === 'number' ? (damage.details['expected_lsn'] as number) : null;
    if (damagedLsn !== null && keep >= damagedLsn) {
      throw refused(`LSN ${keep} is at or past the damage (LSN ${damagedLsn} in ${damage!.file} is unreadable): records after it cannot be kept`, `Use --truncate-at ${damagedLsn - 1}.`, { damaged_lsn: damagedLsn });
    }
    const walDir = join(dir, WAL_DIR);
    const segments = report.wal.segments.filter((s) => s.status !== 'covered').map((s) => ({ name: basename(s.file), lsn: s.first_lsn }));
    // where record keep+1 starts: the first segment holding an LSN above `keep`
    const zeros = new ZeroScanner();
    let cutIndex = -1;
    let cutOffset = 0;
    for (let i = 0; i < segments.length && cutIndex < 0; i++) {
      const segment = segments[i]!;
      if (segment.lsn > keep) {
        cutIndex = i;
        cutOffset = 0;
        break;
      }
      const buffer = await readFile(join(walDir, segment.name));
      let found = -1;
      const scan = scanSegment(buffer, segment.lsn, zeros, (record) => {
        if (found < 0 && record.lsn === keep + 1) found = record.offset;
      });
      if (found >= 0) {
        cutIndex = i;
        cutOffset = found;
      } else if (scan.damage !== null && scan.nextLsn === keep + 1) {
        cutIndex = i;
        cutOffset = scan.damage.offset;
      }
    }
    if (cutIndex < 0) {
      throw refused(`nothing to truncate: the WAL holds no record above LSN ${keep} (its last readable LSN is ${report.wal.last_valid_lsn})`, 'Run `aerodb doctor` to see the state of the data directory.', { last_valid_lsn: report.wal.last_valid_lsn });
    }
    const movedTo = join(DOCTOR_DIR, `repair-${options.stamp}`);
    const target = join(dir, movedTo);
    await mkdir(target, { recursive: true });
    let cut: WalRepair['cut'] = null;
    const later = segments.slice(cutOffset === 0 ? cutIndex : cutIndex + 1);
    if (cutOffset > 0) {
      const segment = segments[cutIndex]!;
      const path = join(walDir, segment.name);
      const size = (await stat(path)).size;
      const savedAs = `${segment.name}.from-${cutOffset}`;
      // keep a copy of the whole segment, then zero its tail in place (zeros are the WAL's clean end)
      await copyFile(path, join(target, savedAs));
      await zeroRange(path, cutOffset, size, true);
      cut = { segment: `${WAL_DIR}/${segment.name}`, offset: cutOffset, bytes: size - cutOffset, saved_as: `${movedTo}/${savedAs}` };
    }
    for (const segment of later) await rename(join(walDir, segment.name), join(target, segment.name));
    await fsyncDir(walDir);
    const lastDropped = Math.max(report.wal.last_valid_lsn, keep);
    const repair: WalRepair = {
      kept_through_lsn: keep,
      moved_to: movedTo,
      cut,
      moved_segments: later.map((s) => `${WAL_DIR}/${s.name}`),
      dropped_lsns: lastDropped > keep ? { first: keep + 1, last: lastDropped } : null,
    };
    await writeFileAtomically(target, join(target, 'repair.json'), `${JSON.stringify(repair, null, 2)}\n`, true);
    return repair;
  } finally {
    await lock.release();
  }
}

function refused(message: string, hint: string, details: Record<string, unknown>): AeroError {
  return new AeroError('AERO_STORAGE_REPAIR_REFUSED', message, { details, hint });
}
