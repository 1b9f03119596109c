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

  /**
   * Appends head + middle + tail and a newline as one line; returns where it starts in `lastChunk`.
   * `middle` may be bytes already encoded (copied, not re-encoded).
   */
  append(head: string, middle: Buffer | string = '', tail = ''): number {
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    const most = (head.length + tail.length) * 3 + (typeof middle === 'string' ? middle.length * 3 : middle.length) + 1;
    if (this.#chunk.length - this.#used < most) this.#next(most);
    const chunk = this.#chunk;
    const start = this.#used;
    let end = start + chunk.write(head, start, 'utf8');
    end += typeof middle === 'string' ? chunk.write(middle, end, 'utf8') : middle.copy(chunk, end);
    if (tail !== '') end += chunk.write(tail, end, 'utf8');
    chunk[end] = NEWLINE;
    this.#used = end + 1;
    this.lastChunk = chunk;
    this.lastEnd = end;
    return start;
  }

  /** The line that ends at `lastEnd`, starting at `start` (as append returned it). */
  lastLine(start: number): string {
    return this.lastChunk.toString('utf8', start, this.lastEnd);
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
