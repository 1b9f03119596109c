// The newest server log lines, kept in a fixed ring so a request log at thousands of lines per
// second costs one clock read and one array store per line.

export class LogTail {
  readonly #lines: string[];
  readonly #times: number[];
  #next = 0;
  #count = 0;
  /** lines added since the last take() */
  #fresh = 0;

  constructor(
    readonly capacity: number,
    private readonly epochNow: () => number = Date.now,
  ) {
    this.#lines = new Array<string>(capacity);
    this.#times = new Array<number>(capacity);
  }

  add(line: string): void {
    this.#lines[this.#next] = line;
    this.#times[this.#next] = this.epochNow();
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#count < this.capacity) this.#count++;
    this.#fresh++;
  }

  /** The lines added since the last call (at most `capacity`, oldest first), time-stamped. */
  take(): string[] {
    const n = Math.min(this.#fresh, this.#count);
    this.#fresh = 0;
    const out: string[] = [];
    for (let i = n; i > 0; i--) {
      const at = (this.#next - i + this.capacity) % this.capacity;
      out.push(`${clockTime(this.#times[at]!)} ${this.#lines[at]!}`);
    }
    return out;
  }
}

/** HH:MM:SS.mmm local time, like the plain log lines of `aerodb serve`. */
function clockTime(epochMs: number): string {
  const t = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
}
