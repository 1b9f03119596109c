// Entry lines stored as UTF-8 in large off-heap buffers. The retained entries live here rather
// than as JavaScript strings: the garbage collector neither copies nor scans them, and each batch
// reaches the segment file as views of these buffers (no further encoding or copying).
//
// Chunks are recycled: once the window has dropped every line of a chunk and those bytes are in the
// file, the chunk is reused. Allocating a fresh one per megabyte of entries instead made V8 run
// full mark-compacts for "external memory pressure" every second or so under load, which on a
// server holding 100 000 documents cost more than building the entries.

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;
/** reusable chunks kept at most (beyond these, released chunks are left to the GC) */
const MAX_FREE = 4;

export class LineChunks {
  readonly #chunkBytes: number;
  #chunk: Buffer;
  #used = 0;
  /** chunks the window no longer references, whose bytes may not be in the file yet */
  #released: Buffer[] = [];
  /** released before the batch being written was taken: reusable once that batch is written */
  #awaitingWrite: Buffer[] = [];
  #free: Buffer[] = [];
  /** where the bytes not yet taken by takeUnwritten() start */
  #unwrittenStart = 0;
  /** finished chunks' unwritten views */
  #unwritten: Buffer[] = [];

  /** The chunk the last append went to, and where that line ends (its newline is there). */
  lastChunk: Buffer;
  lastEnd = 0;

  constructor(chunkBytes = CHUNK_BYTES) {
    this.#chunkBytes = chunkBytes;
    this.#chunk = Buffer.allocUnsafeSlow(chunkBytes);
    this.lastChunk = this.#chunk;
  }

  /**
   * Appends head + middle + tail and a newline as one line; returns where it starts in `lastChunk`.
   * `middle` may be bytes already encoded (copied, not re-encoded).
   */
  append(head: string, middle: Buffer | string = '', tail = ''): number {
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    const chunk = this.reserve((head.length + tail.length) * 3 + (typeof middle === 'string' ? middle.length * 3 : middle.length));
    const start = this.#used;
    let end = start + chunk.write(head, start, 'utf8');
    if (typeof middle === 'string') end += chunk.write(middle, end, 'utf8');
    else {
      chunk.set(middle, end);
      end += middle.length;
    }
    if (tail !== '') end += chunk.write(tail, end, 'utf8');
    return this.commit(end);
  }

  /**
   * The chunk the next line goes to, with room for `bytes` of it (and its newline) from `nextStart`.
   * Write the line there, then commit() where it ends.
   */
  reserve(bytes: number): Buffer {
    if (this.#chunk.length - this.#used < bytes + 1) this.#next(bytes + 1);
    return this.#chunk;
  }

  /** Where the next line starts in the chunk reserve() returned. */
  get nextStart(): number {
    return this.#used;
  }

  /** Ends the line written from nextStart up to `end` (exclusive); returns where it starts. */
  commit(end: number): number {
    const chunk = this.#chunk;
    const start = this.#used;
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

  /** Bytes appended and not yet taken by takeUnwritten(). */
  get unwrittenBytes(): number {
    let bytes = this.#used - this.#unwrittenStart;
    for (const view of this.#unwritten) bytes += view.length;
    return bytes;
  }

  /** The bytes appended since the last call, as views (one per chunk touched). */
  takeUnwritten(): Buffer[] {
    const out = this.#unwritten;
    if (this.#used > this.#unwrittenStart) out.push(this.#chunk.subarray(this.#unwrittenStart, this.#used));
    this.#unwritten = [];
    this.#unwrittenStart = this.#used;
    for (const chunk of this.#released) this.#awaitingWrite.push(chunk);
    this.#released = [];
    return out;
  }

  /**
   * The batch of the last takeUnwritten() is in the file (or was given up on): chunks released
   * before it was taken hold nothing anyone reads any more. One batch at a time.
   */
  written(): void {
    for (const chunk of this.#awaitingWrite) if (this.#free.length < MAX_FREE) this.#free.push(chunk);
    this.#awaitingWrite = [];
  }

  /** The window dropped the last line it held in `chunk`. */
  release(chunk: Buffer): void {
    // the chunk being filled is never reused while it is filled (it is simply not recycled)
    if (chunk !== this.#chunk) this.#released.push(chunk);
  }

  #next(minBytes: number): void {
    if (this.#used > this.#unwrittenStart) this.#unwritten.push(this.#chunk.subarray(this.#unwrittenStart, this.#used));
    const reused = this.#free.pop();
    this.#chunk = reused !== undefined && reused.length >= minBytes ? reused : Buffer.allocUnsafeSlow(Math.max(this.#chunkBytes, minBytes));
    this.#used = 0;
    this.#unwrittenStart = 0;
  }
}
