// The fast path of document validation: ONE walk that builds the canonical stored form of a document
// (what jsonCopy + applyDefaults + normaliseObject produce, deep-frozen), for the common case of a
// plain JSON document. It builds no JSON pointers and no issue lists: anything unusual (a non-JSON
// value, an undefined array slot, a non-finite number) makes it give up, and the caller falls back to
// the step-by-step path, which also explains failures. Key order of the result: sorted, exactly as
// normaliseObject writes it.
import type { FieldDef } from '../types.js';
import { isPlainObject } from './json-type.js';
import { normaliseTimestamp } from './timestamp.js';

/** Returned (instead of a value) when the fast path cannot decide; the caller takes the slow path. */
export const NOT_CANONICAL: unique symbol = Symbol('aerodb.notCanonical');

const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * The canonical stored form of `doc` for a schema's `fields`, with `_id` set to `id` when given, and
 * missing fields with a default filled (at every object level) when `withDefaults`. NOT_CANONICAL when
 * the document holds anything the step-by-step path must look at.
 */
export function canonicalDocument(
  fields: Readonly<Record<string, FieldDef>>,
  doc: Readonly<Record<string, unknown>>,
  withDefaults: boolean,
  id?: string,
): Record<string, unknown> | typeof NOT_CANONICAL {
  return canonicalObject(fields, doc, withDefaults, id);
}

function canonicalObject(
  fields: Readonly<Record<string, FieldDef>>,
  value: Readonly<Record<string, unknown>>,
  withDefaults: boolean,
  id: string | undefined,
): Record<string, unknown> | typeof NOT_CANONICAL {
  const names = Object.keys(value);
  if (id !== undefined && !(hasOwn.call(value, '_id') && isEnumerable.call(value, '_id'))) names.push('_id');
  let defaulted: string[] | undefined;
  if (withDefaults) {
    for (const name in fields) {
      if (!hasOwn.call(fields, name)) continue;
      const def = fields[name]!;
      if (def.default === undefined || def.type === 'reverse_reference') continue;
      // "present" as applyDefaults judges it on the copy: an own key with a defined value, or a name
      // the copy inherits from Object.prototype
      if (name === '_id' && id !== undefined) continue;
      const own = hasOwn.call(value, name) && isEnumerable.call(value, name) && value[name] !== undefined;
      if (own || name in Object.prototype) continue;
      (defaulted ??= []).push(name);
      names.push(name);
    }
  }
  names.sort();
  // "__proto__" is never a declared field name, so it always fails validation: the slow path reports it
  if (names.includes('__proto__')) return NOT_CANONICAL;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    let child: unknown;
    if (key === '_id' && id !== undefined) child = id;
    else if (defaulted !== undefined && defaulted.includes(key)) child = fields[key]!.default;
    else child = value[key];
    if (child === undefined) continue;
    const def = hasOwn.call(fields, key) ? fields[key] : undefined;
    const copy = canonicalValue(def, child, withDefaults);
    if (copy === NOT_CANONICAL) return NOT_CANONICAL;
    out[key] = copy;
  }
  return Object.freeze(out);
}

/** One value under its field definition (undefined: an undeclared key or untyped array item). */
export function canonicalValue(def: FieldDef | undefined, value: unknown, withDefaults: boolean): unknown {
  switch (typeof value) {
    case 'string':
      return def !== undefined && def.type === 'timestamp' ? (normaliseTimestamp(value) ?? value) : value;
    case 'number':
      if (!Number.isFinite(value)) return NOT_CANONICAL;
      return value === 0 && def !== undefined && (def.type === 'int' || def.type === 'float') ? 0 : value;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return canonicalArray(def !== undefined && def.type === 'array' ? def.items : undefined, value, withDefaults);
      if (!isPlainObject(value)) return NOT_CANONICAL;
      if (def !== undefined && def.type === 'object') return canonicalObject(def.fields ?? {}, value, withDefaults, undefined);
      return plainCopy(value);
    default:
      return NOT_CANONICAL;
  }
}

function canonicalArray(items: FieldDef | undefined, value: readonly unknown[], withDefaults: boolean): readonly unknown[] | typeof NOT_CANONICAL {
  const n = value.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const item = value[i];
    // undefined items and holes: the slow path reports (or keeps) them exactly as before
    if (item === undefined) return NOT_CANONICAL;
    const copy = canonicalValue(items, item, withDefaults);
    if (copy === NOT_CANONICAL) return NOT_CANONICAL;
    out[i] = copy;
  }
  return Object.freeze(out);
}

/** A value nothing normalises (undeclared keys, untyped items): copied in its own key order. */
function plainCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_CANONICAL;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) return NOT_CANONICAL;
          const copy = plainCopy(item);
          if (copy === NOT_CANONICAL) return NOT_CANONICAL;
          out[i] = copy;
        }
        return Object.freeze(out);
      }
      if (!isPlainObject(value)) return NOT_CANONICAL;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (child === undefined) continue;
        const copy = plainCopy(child);
        if (copy === NOT_CANONICAL) return NOT_CANONICAL;
        if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
        else out[key] = copy;
      }
      return Object.freeze(out);
    }
    default:
      return NOT_CANONICAL;
  }
}
