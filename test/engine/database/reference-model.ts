// The naive reference the database-level property test compares against: documents in a Map,
// validity, defaults and unique checks written out by hand, and queries as filter + sort + slice over
// an array. It shares no code with the engine (not even the value order) on purpose.
import type { Query } from '../../../src/engine/types.js';

export type ScalarType = 'string' | 'int' | 'float' | 'bool' | 'timestamp';

export interface FieldSpec {
  name: string;
  type: ScalarType;
  required: boolean;
  nullable: boolean;
  /** undefined: no default */
  default: unknown;
}

export interface IndexSpec {
  name: string;
  fields: string[];
  unique: boolean;
}

export type Row = Record<string, unknown>;

/** Every timestamp the generators use, with its UTC normal form; anything else is not a timestamp. */
export const TIMESTAMPS: Readonly<Record<string, string>> = {
  '2026-01-01T00:00:00Z': '2026-01-01T00:00:00.000Z',
  '2026-01-01T02:00:00+02:00': '2026-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00.000+00:00': '2026-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00.5Z': '2026-01-01T00:00:00.500Z',
  '2026-03-01T12:00:00-03:00': '2026-03-01T15:00:00.000Z',
  '2025-12-31T23:59:59.999Z': '2025-12-31T23:59:59.999Z',
};

export function typeOk(type: ScalarType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return Number.isSafeInteger(v);
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'timestamp':
      // an input form, or the stored form a merged update carries over
      return typeof v === 'string' && (Object.hasOwn(TIMESTAMPS, v) || Object.values(TIMESTAMPS).includes(v));
  }
}

/** The stored form of a field value: timestamps in UTC, -0 as 0. */
export function normalise(type: ScalarType | undefined, v: unknown): unknown {
  if (type === 'timestamp' && typeof v === 'string') return TIMESTAMPS[v] ?? v;
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  return v;
}

export class ReferenceCollection {
  readonly docs = new Map<string, Row>();
  readonly byName: ReadonlyMap<string, FieldSpec>;
  indexes: IndexSpec[];
  version = 1;

  constructor(readonly fields: readonly FieldSpec[], indexes: IndexSpec[]) {
    this.byName = new Map(fields.map((f) => [f.name, f]));
    this.indexes = indexes;
  }

  /** The stored (canonical) form of a valid document: keys sorted, values normalised. */
  canonical(doc: Row): Row {
    const out: Row = {};
    for (const key of Object.keys(doc).sort()) {
      if (doc[key] !== undefined) out[key] = normalise(this.byName.get(key)?.type, doc[key]);
    }
    return out;
  }

  valid(doc: Row): boolean {
    if (typeof doc._id !== 'string' || doc._id === '') return false;
    for (const key of Object.keys(doc)) if (key !== '_id' && doc[key] !== undefined && !this.byName.has(key)) return false;
    for (const f of this.fields) {
      const v = doc[f.name];
      if (v === undefined) {
        if (f.required) return false;
      } else if (v === null) {
        if (!f.nullable) return false;
      } else if (!typeOk(f.type, v)) return false;
    }
    return true;
  }

  withDefaults(doc: Row): Row {
    const out = { ...doc };
    for (const f of this.fields) if (out[f.name] === undefined && f.default !== undefined) out[f.name] = f.default;
    return out;
  }

  /** True when `state` holds two documents with the same non-null tuple in a unique index. */
  uniqueViolated(state: ReadonlyMap<string, Row>, indexes: readonly IndexSpec[] = this.indexes): boolean {
    for (const index of indexes) {
      if (!index.unique) continue;
      const seen = new Set<string>();
      for (const doc of state.values()) {
        const tuple = index.fields.map((f) => doc[f]);
        if (tuple.some((v) => v === undefined || v === null)) continue;
        const key = JSON.stringify(tuple);
        if (seen.has(key)) return true;
        seen.add(key);
      }
    }
    return false;
  }

  /** Documents matching the query's filter, in `order` ([field, dir] pairs ending with _id). */
  select(query: Query, order: ReadonlyArray<readonly [string, 'asc' | 'desc']>): Row[] {
    const rows = [...this.docs.values()].filter((d) => this.matches(d, query.filter as Row | undefined));
    rows.sort((x, y) => {
      for (const [field, dir] of order) {
        const c = compare(x[field], y[field]);
        if (c !== 0) return dir === 'asc' ? c : -c;
      }
      return 0;
    });
    return rows;
  }

  /** The `fields` projection: _id first, then the listed fields that are present, in listed order. */
  project(doc: Row, fields: readonly string[] | undefined): Row {
    if (!fields) return doc;
    const out: Row = { _id: doc._id };
    for (const f of fields) if (f !== '_id' && doc[f] !== undefined) out[f] = doc[f];
    return out;
  }

  matches(doc: Row, filter: Row | undefined): boolean {
    if (!filter) return true;
    return Object.entries(filter).every(([key, cond]) => {
      if (key === '$and') return (cond as Row[]).every((f) => this.matches(doc, f));
      if (key === '$or') return (cond as Row[]).some((f) => this.matches(doc, f));
      return this.condition(doc[key], this.byName.get(key)?.type, cond);
    });
  }

  private condition(x: unknown, type: ScalarType | undefined, cond: unknown): boolean {
    if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return equal(x, normalise(type, cond));
    return Object.entries(cond as Row).every(([op, raw]) => {
      const v = op === '$in' ? (raw as unknown[]).map((e) => normalise(type, e)) : normalise(type, raw);
      // ranges only match present, non-null values of the bound's type
      const ordered = x !== undefined && x !== null && rank(x) === rank(v);
      switch (op) {
        case '$eq':
          return equal(x, v);
        case '$ne':
          return !equal(x, v);
        case '$in':
          return (v as unknown[]).some((e) => equal(x, e));
        case '$exists':
          return (x !== undefined) === v;
        case '$gt':
          return ordered && compare(x, v) > 0;
        case '$gte':
          return ordered && compare(x, v) >= 0;
        case '$lt':
          return ordered && compare(x, v) < 0;
        case '$lte':
          return ordered && compare(x, v) <= 0;
        default:
          throw new Error(`reference model: unknown operator ${op}`);
      }
    });
  }
}

/** absent < null < bool < number < string (the scalar part of the documented order). */
function rank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'number') return 3;
  return 4;
}

export function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) return 0;
  if (ra <= 3) return Number(a) - Number(b);
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/** Equality as filters mean it: null matches null or absent, numbers by value. */
function equal(x: unknown, v: unknown): boolean {
  if (v === null) return x === undefined || x === null;
  return rank(x) === rank(v) && compare(x, v) === 0;
}
