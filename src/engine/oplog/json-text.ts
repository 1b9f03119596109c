// Small JSON writers for the operation log's hot loop. Each produces exactly what JSON.stringify
// would for the same value (tests compare them), without its per-call overhead on the short,
// repetitive strings of log entries.

const PLAIN = /^[\w .:@/+-]*$/;

/** JSON text of a string (JSON.stringify for anything that may need escaping). */
export function jsonString(value: string): string {
  return value.length <= 128 && PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** JSON text of a number (what JSON.stringify prints: non-finite numbers become null). */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
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
