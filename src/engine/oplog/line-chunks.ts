// Entry lines stored as UTF-8 in large off-heap buffers. The retained entries live here rather
// than as JavaScript strings: the garbage collector neither copies nor scans them, and each batch
// reaches the segment file as views of these buffers (no further encoding or copying).

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export class LineChunks {
  #chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  #used = 0;
  /** where the bytes not yet taken by takeUnwritten() start */
  #unwrittenStart = 0;
  /** finished chunks' unwritten views */
  #unwritten: Buffer[] = [];

  /** The chunk the last append went to, and where that line ends (its newline is there). */
  lastChunk: Buffer = this.#chunk;
  lastEnd = 0;

  /** Appends `line` and its newline; returns where the line starts in `lastChunk`. */
  append(line: string): number {
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    if (this.#chunk.length - this.#used < line.length * 3 + 1) this.#next(line.length * 3 + 1);
    const chunk = this.#chunk;
    const start = this.#used;
    const end = start + chunk.write(line, start, 'utf8');
    chunk[end] = NEWLINE;
    this.#used = end + 1;
    this.lastChunk = chunk;
    this.lastEnd = end;
    return start;
  }

  /** The bytes appended since the last call, as views (one per chunk touched). */
  takeUnwritten(): Buffer[] {
    const out = this.#unwritten;
    if (this.#used > this.#unwrittenStart) out.push(this.#chunk.subarray(this.#unwrittenStart, this.#used));
    this.#unwritten = [];
    this.#unwrittenStart = this.#used;
    return out;
  }

  #next(minBytes: number): void {
    if (this.#used > this.#unwrittenStart) this.#unwritten.push(this.#chunk.subarray(this.#unwrittenStart, this.#used));
    this.#chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, minBytes));
    this.#used = 0;
    this.#unwrittenStart = 0;
  }
}
