// Type-checks a filter value against its field's declared type at plan time, and normalises it the
// way stored values are normalised (timestamps to UTC `YYYY-MM-DDTHH:mm:ss.sssZ`), so comparisons
// are between like values. int and float are interchangeable: both are numbers in one key space.
import { normaliseTimestamp } from '../schema/timestamp.js';
import type { FieldDef } from '../types.js';
import { invalidQuery, jsonTypeOf } from './query-errors.js';

export type ValueUse = 'equality' | 'range';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  reference: 'a string (the referenced _id)',
  int: 'a number',
  float: 'a number',
  bool: 'a boolean',
  timestamp: 'an RFC 3339 timestamp string',
  array: 'an array',
  object: 'an object',
};

/** True for the field types a range operator or a sort can order (scalars). */
export function isOrderableType(def: FieldDef): boolean {
  return def.type === 'string' || def.type === 'reference' || def.type === 'int' || def.type === 'float' || def.type === 'bool' || def.type === 'timestamp';
}

/**
 * Returns the normalised value, or throws AERO_QUERY_INVALID naming the field and the expected type.
 * `null` is accepted for equality on fields that can be null or absent (it matches both).
 */
export function normaliseFilterValue(field: string, def: FieldDef, value: unknown, use: ValueUse, operator: string): unknown {
  if (def.type === 'reverse_reference') {
    throw invalidQuery(`field "${field}" is a reverse_reference: it is not stored, so it cannot be filtered (use expand)`, field, { operator });
  }
  if (use === 'range' && !isOrderableType(def)) {
    throw invalidQuery(`${operator} needs an orderable field, but "${field}" is ${def.type}`, field, { operator, expected: 'string, int, float, bool, timestamp or reference' });
  }
  if (value === null) {
    if (use === 'equality' && (def.nullable === true || def.required !== true)) return null;
    const why = use === 'range' ? `${operator} needs a value, not null` : `"${field}" is required and not nullable, so null never matches`;
    throw invalidQuery(`filter on "${field}": ${why}`, field, { operator, expected: def.type, received: 'null' });
  }
  if (conforms(def, value)) {
    return def.type === 'timestamp' ? normaliseTimestamp(value as string) : value;
  }
  const expected = EXPECTED[def.type] ?? def.type;
  const shown = value === undefined ? 'undefined' : `${jsonTypeOf(value)} ${truncate(JSON.stringify(value))}`;
  throw invalidQuery(`filter on "${field}" (${def.type}) expects ${expected} for ${operator}, got ${shown}`, field, {
    operator,
    expected: def.type,
    received: value === undefined ? 'undefined' : jsonTypeOf(value),
  }, def.type === 'timestamp' ? 'Timestamps are RFC 3339 date-times with a zone, e.g. "2026-01-01T00:00:00Z".' : `Pass ${expected} for "${field}".`);
}

function conforms(def: FieldDef, value: unknown): boolean {
  switch (def.type) {
    case 'string':
    case 'reference':
      return typeof value === 'string';
    case 'int':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'string' && normaliseTimestamp(value) !== null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function truncate(text: string | undefined): string {
  if (text === undefined) return '';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
