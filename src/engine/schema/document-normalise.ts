import type { FieldDef } from '../types.js';
import { deepFreeze } from './deep-freeze.js';
import { isPlainObject, jsonTypeOf } from './json-type.js';
import { pointerJoin, showPointer } from './json-pointer.js';
import { normaliseTimestamp } from './timestamp.js';
import type { ValidationIssue } from './validation-issues.js';

/**
 * Deep-copies a caller's value into plain JSON data (the caller's object is never touched or kept):
 * keys whose value is undefined are dropped (JSON has no undefined); values JSON cannot hold (Date,
 * Map, bigint, functions, undefined array slots) are reported as `json` issues and left in place.
 */
export function jsonCopy(value: unknown, pointer: string, issues: ValidationIssue[]): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map((item, i) => jsonCopy(item, pointerJoin(pointer, i), issues));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) setOwn(out, key, jsonCopy(child, pointerJoin(pointer, key), issues));
    }
    return out;
  }
  const received = jsonTypeOf(value);
  issues.push({ pointer, rule: 'json', message: `${showPointer(pointer)} must be a JSON value, got ${received}`, received });
  return value;
}

/**
 * Assigns an own, enumerable property even for the key "__proto__" (which JSON.parse produces as a
 * plain key, but `obj[key] = v` would treat as the prototype, silently dropping it from validation).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Fills absent fields that declare a default (a deep copy of it), at every object level that is
 * present, including objects inside arrays. Mutates `target`, which must be a fresh copy.
 */
export function applyDefaults(fields: Readonly<Record<string, FieldDef>>, target: Record<string, unknown>): void {
  for (const [name, def] of Object.entries(fields)) {
    if (!(name in target) && def.default !== undefined && def.type !== 'reverse_reference') {
      target[name] = structuredClone(def.default);
    }
    applyNestedDefaults(def, target[name]);
  }
}

/** applyDefaults inside one field value (objects, and objects in arrays). Mutates `value`. */
export function applyNestedDefaults(def: FieldDef, value: unknown): void {
  if (def.type === 'object' && def.fields && isPlainObject(value)) applyDefaults(def.fields, value);
  if (def.type === 'array' && def.items && Array.isArray(value)) for (const item of value) applyNestedDefaults(def.items, item);
}

/**
 * The canonical stored form of a value that already passed validation: timestamps normalised to
 * UTC, object keys sorted (deterministic bytes), -0 as 0, deep-frozen.
 */
export function normaliseObject(fields: Readonly<Record<string, FieldDef>>, value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const def = fields[key];
    out[key] = def ? normaliseValue(def, value[key]) : value[key];
  }
  return deepFreeze(out);
}

/** normaliseObject for one field's value. */
export function normaliseValue(def: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (def.type) {
    case 'timestamp':
      return typeof value === 'string' ? (normaliseTimestamp(value) ?? value) : value;
    case 'int':
    case 'float':
      return Object.is(value, -0) ? 0 : value;
    case 'object':
      return isPlainObject(value) ? normaliseObject(def.fields ?? {}, value) : value;
    case 'array':
      return Array.isArray(value) ? deepFreeze(value.map((item) => (def.items ? normaliseValue(def.items, item) : item))) : value;
    default:
      return value;
  }
}
