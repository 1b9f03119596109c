// Writes JSON straight into a line buffer at a cursor, for the operation log's hot path. Entry
// lines used to be built as strings and then encoded, leaving their concatenated pieces, the
// flattened copy and the number texts as garbage per entry. Here constant runs are encoded once and
// copied, and short ASCII text and integers are written byte by byte; only text that needs escaping
// or is not ASCII goes through JSON.stringify and Buffer.write. Output equals JSON.stringify's.
import { jsonNumber } from './json-text.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const ZERO = 0x30;
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Microseconds in a millisecond, and the most of them written as integers (below 2^30). */
const MICROS = 1000;
const MAX_SMALL_MICROS = 0x3fffffff;
const EMPTY = Buffer.alloc(0);

/** The UTF-8 bytes of a text (constant fragments, cached JSON texts). */
export function utf8Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/**
 * Bytes a string may take as JSON: JSON.stringify escapes a control character as 6 characters,
 * and UTF-8 takes at most 3 bytes per UTF-16 code unit.
 */
export function jsonStringBound(value: string): number {
  return value.length * 6 + 2;
}

/** Bytes a JSON text may take as UTF-8. */
export function textBound(text: string): number {
  return text.length * 3;
}

/** Bytes any number may take as JSON ("-0.0000012345678901234567" is 25), with room to spare. */
export const NUMBER_BOUND = 32;

/** The caller reserves room first (the bounds above); the writer does not check. */
export class JsonBytes {
  buf: Buffer = EMPTY;
  pos = 0;

  at(buf: Buffer, pos: number): void {
    this.buf = buf;
    this.pos = pos;
  }

  /** (TypedArray.set measured cheaper than a byte loop from about 16 bytes, and no dearer below) */
  bytes(bytes: Uint8Array): void {
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Text that is JSON already (a filter's JSON.stringify): copied as UTF-8. */
  text(text: string): void {
    const buf = this.buf;
    const p = this.pos;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        this.pos = p + buf.write(text, p, 'utf8');
        return;
      }
      buf[p + i] = c;
    }
    this.pos = p + n;
  }

  /** A string as JSON: quoted and escaped exactly as JSON.stringify does. */
  string(value: string): void {
    const buf = this.buf;
    const p = this.pos;
    const n = value.length;
    buf[p] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.pos = p + buf.write(JSON.stringify(value), p, 'utf8');
        return;
      }
      buf[p + 1 + i] = c;
    }
    buf[p + 1 + n] = QUOTE;
    this.pos = p + n + 2;
  }

  /** A number as JSON (non-finite numbers are null). */
  number(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && Math.floor(value) === value) this.#uint(value);
    else this.text(jsonNumber(value));
  }

  /**
   * A duration in milliseconds rounded to the microsecond: JSON.stringify(Math.round(ms * 1000) /
   * 1000), from its integer parts.
   */
  millis(ms: number): void {
    const micros = Math.round(ms * MICROS);
    if (!(micros > 0 && micros <= MAX_SMALL_MICROS)) {
      this.text(jsonNumber(micros / MICROS));
      return;
    }
    const whole = Math.floor(micros / MICROS);
    const frac = micros - whole * MICROS;
    this.#uint(whole);
    if (frac === 0) return;
    // at most three decimals, trailing zeros dropped (the shortest text of that double)
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = DOT;
    buf[p++] = ZERO + Math.floor(frac / 100);
    const rest = frac % 100;
    if (rest !== 0) {
      buf[p++] = ZERO + Math.floor(rest / 10);
      if (rest % 10 !== 0) buf[p++] = ZERO + (rest % 10);
    }
    this.pos = p;
  }

  /** `value` (a non-negative integer below 2^53) as 16 lowercase hex digits. */
  hex16(value: number): void {
    const buf = this.buf;
    const p = this.pos;
    let high = Math.floor(value / 0x1_0000_0000);
    let low = value >>> 0;
    for (let i = 15; i >= 8; i--, low >>>= 4) buf[p + i] = HEX[low & 15]!;
    for (let i = 7; i >= 0; i--, high >>>= 4) buf[p + i] = HEX[high & 15]!;
    this.pos = p + 16;
  }

  /** `value`: an integer in [0, 2^31). */
  #uint(value: number): void {
    const buf = this.buf;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
    const end = this.pos + digits;
    let p = end;
    let rest = value;
    do {
      const next = (rest / 10) | 0;
      buf[--p] = ZERO + (rest - next * 10);
      rest = next;
    } while (rest > 0);
    this.pos = end;
  }
}
