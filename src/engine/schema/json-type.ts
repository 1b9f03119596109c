// The JSON type of a value, as reported in validation errors (`received`).

export type JsonTypeName = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** JSON type name of a value; non-JSON values (Date, bigint, undefined, ...) are named by what they are. */
export function jsonTypeOf(value: unknown): JsonTypeName | string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isFinite(value) ? 'number' : String(value);
    case 'boolean':
      return 'boolean';
    case 'object':
      return isPlainObject(value) ? 'object' : (value.constructor?.name ?? 'object');
    default:
      return typeof value;
  }
}

/** A JSON-style object: prototype is Object.prototype or null (not a Date, Map, class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
