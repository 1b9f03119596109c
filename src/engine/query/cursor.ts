// Keyset cursors: base64url of the JSON array [order key values..., _id] of the last returned
// document, where the order is the plan's full result order (explain `sort.order`). The next page
// starts strictly after it. An absent field value is written as {"$absent":true} (JSON has no
// undefined, and absent sorts before null).
import { AeroError } from '../errors/aero-error.js';

const ABSENT_MARKER = '$absent';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(orderKey: readonly unknown[]): string {
  const json = JSON.stringify(orderKey.map((v) => (v === undefined ? { [ABSENT_MARKER]: true } : v)));
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes a cursor to its order key values; throws AERO_QUERY_INVALID_CURSOR when malformed. */
export function decodeCursor(cursor: unknown): unknown[] {
  if (typeof cursor !== 'string' || !BASE64URL.test(cursor)) throw invalidCursor('it is not a base64url string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('it does not decode to JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw invalidCursor('it does not hold a sort key');
  return parsed.map((value) => {
    if (value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value) && Object.keys(value).length === 1 && (value as Record<string, unknown>)[ABSENT_MARKER] === true) return undefined;
    throw invalidCursor('it holds a non-scalar sort value');
  });
}

export function invalidCursor(reason: string, details: Record<string, unknown> = {}): AeroError {
  return new AeroError('AERO_QUERY_INVALID_CURSOR', `the cursor is invalid: ${reason}`, { details: { field: null, ...details } });
}

/**
 * Checks decoded cursor values against the plan's order: one value per order entry, each of its
 * field's type (or absent/null), the last one an _id string. A cursor from another sort fails here.
 */
export function checkCursorShape(values: readonly unknown[], order: ReadonlyArray<{ field: string }>, typeOf: (field: string) => string | undefined): void {
  const expected = order.map((o) => o.field);
  if (values.length !== order.length) {
    throw invalidCursor(`it was made for a different sort (it holds ${values.length} values, this query orders by ${expected.join(', ')})`, { order: expected });
  }
  order.forEach((o, i) => {
    const value = values[i];
    if (o.field === '_id' ? typeof value !== 'string' : !fitsType(typeOf(o.field), value)) {
      throw invalidCursor(`it was made for a different sort (its value for "${o.field}" has the wrong type)`, { order: expected, field: o.field });
    }
  });
}

function fitsType(type: string | undefined, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  switch (type) {
    case 'int':
    case 'float':
      return typeof value === 'number';
    case 'bool':
      return typeof value === 'boolean';
    default:
      return typeof value === 'string';
  }
}
