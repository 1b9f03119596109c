// File names that carry an LSN: wal/<16-hex first LSN>.log and checkpoints/<16-hex lsn>.ckpt.
// Fixed-width lowercase hex makes lexical order equal LSN order.

export const WAL_DIR = 'wal';
export const CHECKPOINT_DIR = 'checkpoints';
export const SEGMENT_SUFFIX = '.log';
export const CHECKPOINT_SUFFIX = '.ckpt';
/** in-progress files (segment being preallocated, checkpoint being written); deleted at open */
export const TEMP_SUFFIX = '.tmp';

const NAME_PATTERN = /^([0-9a-f]{16})(\.[a-z]+)$/;

export function lsnHex(lsn: number): string {
  return lsn.toString(16).padStart(16, '0');
}

export function segmentFileName(firstLsn: number): string {
  return lsnHex(firstLsn) + SEGMENT_SUFFIX;
}

export function checkpointFileName(lsn: number): string {
  return lsnHex(lsn) + CHECKPOINT_SUFFIX;
}

/** The LSN in `<16-hex><suffix>`, or null when `name` is not such a file. */
export function parseLsnFileName(name: string, suffix: string): number | null {
  const match = NAME_PATTERN.exec(name);
  if (!match || match[2] !== suffix) return null;
  const lsn = Number.parseInt(match[1]!, 16);
  return Number.isSafeInteger(lsn) ? lsn : null;
}

/** Sorted (ascending LSN) entries of `names` that are `<16-hex><suffix>` files. */
export function lsnFiles(names: readonly string[], suffix: string): Array<{ name: string; lsn: number }> {
  const files: Array<{ name: string; lsn: number }> = [];
  for (const name of names) {
    const lsn = parseLsnFileName(name, suffix);
    if (lsn !== null) files.push({ name, lsn });
  }
  return files.sort((a, b) => a.lsn - b.lsn);
}
