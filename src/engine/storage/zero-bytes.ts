// Fast searches for non-zero bytes (memcmp against a zero block instead of a JS loop per byte):
// preallocated files are mostly zeros and recovery has to tell "end of log" from stray data.

const BLOCK_BYTES = 64 * 1024;

export class ZeroScanner {
  private readonly zeros = Buffer.alloc(BLOCK_BYTES);

  /** Index of the first non-zero byte in [from, to), or -1. */
  firstNonZero(buffer: Buffer, from: number, to: number): number {
    let position = from;
    while (position < to) {
      const blockEnd = Math.min(to, position + BLOCK_BYTES);
      if (!buffer.subarray(position, blockEnd).equals(this.zeros.subarray(0, blockEnd - position))) {
        for (let index = position; index < blockEnd; index++) if (buffer[index] !== 0) return index;
      }
      position = blockEnd;
    }
    return -1;
  }

  /** Index of the last non-zero byte in [from, to), or -1. */
  lastNonZero(buffer: Buffer, from: number, to: number): number {
    let position = to;
    while (position > from) {
      const blockStart = Math.max(from, position - BLOCK_BYTES);
      if (!buffer.subarray(blockStart, position).equals(this.zeros.subarray(0, position - blockStart))) {
        for (let index = position - 1; index >= blockStart; index--) if (buffer[index] !== 0) return index;
      }
      position = blockStart;
    }
    return -1;
  }
}
