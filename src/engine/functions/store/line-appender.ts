// Appends JSON lines to a file off the request path: lines are buffered and written together at
// most every FLUSH_MS (or once BATCH_LINES are pending). Losing the last batch on a crash is the
// trade-off, as for the operation log.
import { appendFile } from 'node:fs/promises';

const FLUSH_MS = 100;
const BATCH_LINES = 256;

export class LineAppender {
  readonly #onError: (message: string) => void;
  #pending = new Map<string, string[]>();
  /** batches handed to a write that has not finished: their lines are not (all) in the file yet */
  readonly #inFlight = new Set<Map<string, string[]>>();
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(onError: (message: string) => void) {
    this.#onError = onError;
  }

  append(file: string, line: string): void {
    let lines = this.#pending.get(file);
    if (!lines) this.#pending.set(file, (lines = []));
    lines.push(line);
    if (lines.length >= BATCH_LINES) void this.flush();
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.#timer.unref();
    }
  }

  /**
   * Lines of `file` that may not be in it yet (queued, or being written), oldest first. A reader
   * that reads the file and then this sees every appended line at least once.
   */
  pending(file: string): readonly string[] {
    const out: string[] = [];
    for (const batch of this.#inFlight) out.push(...(batch.get(file) ?? []));
    out.push(...(this.#pending.get(file) ?? []));
    return out;
  }

  /** Writes everything appended so far. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#pending;
    this.#pending = new Map();
    this.#inFlight.add(batch);
    this.#writing = this.#writing.then(async () => {
      for (const [file, lines] of batch) {
        try {
          await appendFile(file, `${lines.join('\n')}\n`);
        } catch (error) {
          this.#onError(`could not append ${lines.length} line(s) to ${file}: ${(error as Error).message}`);
        }
      }
      this.#inFlight.delete(batch);
    });
    return this.#writing;
  }
}
