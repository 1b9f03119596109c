// Small JSON writers for the operation log's hot loop. Each produces exactly what JSON.stringify
// would for the same value (tests compare them), without its per-call overhead on the short,
// repetitive strings of log entries.

const PLAIN = /^[\w .:@/+-]*$/;

/** JSON text of a string (JSON.stringify for anything that may need escaping). */
export function jsonString(value: string): string {
  return value.length <= 128 && PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

export function jsonStringOrNull(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : jsonString(value);
}

/** JSON text of a number (what JSON.stringify prints: non-finite numbers become null). */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** Microseconds in a millisecond, and the most of them formatted as integers (below 2^30). */
const MICROS = 1000;
const MAX_SMALL_MICROS = 0x3fffffff;

/**
 * JSON text of a duration in milliseconds rounded to the microsecond: what
 * JSON.stringify(Math.round(ms * 1000) / 1000) prints, from integer parts (printing the double is
 * the costlier path, and every entry has one).
 */
export function jsonMillis(ms: number): string {
  const micros = Math.round(ms * MICROS);
  if (!(micros > 0 && micros <= MAX_SMALL_MICROS)) return jsonNumber(micros / MICROS);
  const whole = Math.floor(micros / MICROS);
  const frac = micros - whole * MICROS;
  if (frac === 0) return String(whole);
  // at most three decimals, trailing zeros dropped (the shortest text of that double)
  if (frac % 100 === 0) return `${whole}.${frac / 100}`;
  if (frac % 10 === 0) return `${whole}.${frac < 100 ? '0' : ''}${frac / 10}`;
  return `${whole}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

/** JSON text of a value; undefined where JSON.stringify would leave the key out. */
export function jsonValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return jsonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}

/**
 * JSON texts of strings that recur in every entry (collection, index and field names, planner
 * reasons), remembered per log instance up to a bound.
 */
export class QuotedStrings {
  readonly #quoted = new Map<string, string>();
  readonly #max: number;

  constructor(max = 4096) {
    this.#max = max;
  }

  get(value: string): string {
    let quoted = this.#quoted.get(value);
    if (quoted === undefined) {
      quoted = JSON.stringify(value);
      if (this.#quoted.size < this.#max) this.#quoted.set(value, quoted);
    }
    return quoted;
  }
}
