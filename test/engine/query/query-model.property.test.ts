// Model-based property test: random documents and writes (insert/replace/delete units through
// checkWrites + apply) interleaved with random accepted queries, each paged to the end through its
// cursors and compared with a naive reference (filter + sort by the plan's order + no index at all).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import type { AppliedSchema, Doc, Query } from '../../../src/engine/types.js';
import { Fixture } from './query-fixture.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

const SCHEMA: AppliedSchema = {
  collection: 'items',
  schema_version: 1,
  fields: {
    _id: { type: 'string', required: true },
    a: { type: 'string' },
    n: { type: 'int' },
    f: { type: 'float', nullable: true },
    b: { type: 'bool' },
    t: { type: 'timestamp' },
    s: { type: 'string' },
    u: { type: 'string' },
  },
  indexes: [
    { name: 'a_idx', fields: ['a'] },
    { name: 'a_n', fields: ['a', 'n'] },
    { name: 'n_idx', fields: ['n'] },
    { name: 't_idx', fields: ['t'] },
    { name: 'b_f', fields: ['b', 'f'] },
    { name: 'u_unique', fields: ['u'], unique: true },
  ],
};

const IDS = Array.from({ length: 24 }, (_, i) => `d${String(i).padStart(2, '0')}`);
const A = fc.constantFrom('x', 'y', 'z');
const N = fc.integer({ min: -3, max: 3 });
const F = fc.constantFrom(-1.5, 0, 0.5, 2, 3.25);
const T = fc.constantFrom('2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '2026-01-01T12:00:00.000Z', '2026-06-01T00:00:00.000Z');
const U = fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8');

const docArb = (id: string) =>
  fc
    .record(
      {
        a: A,
        n: N,
        f: fc.oneof(F, fc.constant(null)),
        b: fc.boolean(),
        t: T,
        s: fc.constantFrom('p', 'q'),
        u: U,
      },
      { requiredKeys: [] },
    )
    .map((fields) => ({ _id: id, ...fields }));

type Put = { kind: 'put'; doc: Record<string, unknown> };
type Del = { kind: 'del'; id: string };
const putArb: fc.Arbitrary<Put> = fc.constantFrom(...IDS).chain((id) => docArb(id).map((doc) => ({ kind: 'put' as const, doc })));
const delArb: fc.Arbitrary<Del> = fc.constantFrom(...IDS).map((id) => ({ kind: 'del' as const, id }));
const unitArb = fc.array(fc.oneof({ arbitrary: putArb, weight: 4 }, { arbitrary: delArb, weight: 1 }), { minLength: 1, maxLength: 3 });

// query values: floats for the int field and zone offsets for timestamps on purpose
const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  a: A,
  n: fc.constantFrom(-3, -1, 0, 1, 1.5, 2, 3, 2.0),
  f: fc.constantFrom(-1.5, 0, 0.5, 1, 2.0, 3.25),
  b: fc.boolean(),
  t: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T02:00:00+02:00', '2026-01-01T11:00:00.000-01:00', '2026-03-01T00:00:00Z', '2025-12-31T23:59:59.999Z'),
  s: fc.constantFrom('p', 'q'),
  u: U,
  _id: fc.constantFrom(...IDS),
};
const NULLABLE = new Set(['a', 'n', 'f', 'b', 't', 's', 'u']);
const FIELDS = Object.keys(VALUES);

const eqValue = (field: string) => (NULLABLE.has(field) ? fc.oneof({ arbitrary: VALUES[field]!, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : VALUES[field]!);

const conditionArb: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...FIELDS).chain((field) =>
  fc.oneof(
    { arbitrary: eqValue(field).map((v) => ({ [field]: v })), weight: 4 },
    { arbitrary: eqValue(field).map((v) => ({ [field]: { $eq: v } })), weight: 1 },
    { arbitrary: fc.array(eqValue(field), { maxLength: 3 }).map((v) => ({ [field]: { $in: v } })), weight: 2 },
    { arbitrary: eqValue(field).map((v) => ({ [field]: { $ne: v } })), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), VALUES[field]!, fc.option(fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), VALUES[field]!), { nil: undefined }))
        .map(([op, v, second]) => ({ [field]: second ? { [op]: v, [second[0]]: second[1] } : { [op]: v } })),
      weight: 3,
    },
    { arbitrary: fc.boolean().map((v) => ({ [field]: { $exists: v } })), weight: 1 },
  ),
);

const conjunctionArb = fc.array(conditionArb, { maxLength: 3 }).map((conds) => (conds.length === 1 ? conds[0]! : { $and: conds }));
const filterArb = fc.oneof(
  { arbitrary: conjunctionArb, weight: 4 },
  { arbitrary: fc.tuple(conjunctionArb, fc.array(conjunctionArb, { minLength: 2, maxLength: 3 })).map(([base, alts]) => ({ ...base, $or: alts })), weight: 1 },
);
const sortArb = fc
  .shuffledSubarray(['a', 'n', 't', 'f', 'b', '_id'], { maxLength: 2 })
  .chain((fields) => fc.tuple(...fields.map((field) => fc.constantFrom('asc', 'desc').map((order) => ({ field, order: order as 'asc' | 'desc' })))))
  .map((sort) => [...sort.filter((s) => s.field !== '_id'), ...sort.filter((s) => s.field === '_id')]);

const queryArb: fc.Arbitrary<Query> = fc
  .record({ filter: fc.option(filterArb, { nil: undefined }), sort: fc.option(sortArb, { nil: undefined }), limit: fc.integer({ min: 1, max: 4 }), count: fc.boolean() })
  .map((q) => {
    const out: Query = { limit: q.limit };
    if (q.filter) out.filter = q.filter;
    if (q.sort && q.sort.length > 0) out.sort = q.sort;
    if (q.count) out.count = true;
    return out;
  });

type Step = { kind: 'write'; unit: Array<Put | Del> } | { kind: 'query'; query: Query };
const stepsArb = fc.array(
  fc.oneof({ arbitrary: unitArb.map((unit) => ({ kind: 'write' as const, unit })), weight: 2 }, { arbitrary: queryArb.map((query) => ({ kind: 'query' as const, query })), weight: 3 }),
  { minLength: 1, maxLength: 40 },
);
const initialArb = fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 24, size: 'large' }).chain((ids) => fc.tuple(...ids.map((id) => docArb(id))));

// ---------------- the naive reference (independent of the engine's value-order code) ----------------

function rank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'number') return 3;
  return 4;
}

function cmp(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) return 0;
  if (ra === 2 || ra === 3) return Number(a) - Number(b);
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

function norm(field: string, v: unknown): unknown {
  return field === 't' && typeof v === 'string' ? new Date(v).toISOString() : v;
}

function refEq(x: unknown, v: unknown): boolean {
  if (v === null) return x === undefined || x === null;
  return rank(x) === rank(v) && cmp(x, v) === 0;
}

function refCondition(doc: Record<string, unknown>, field: string, cond: unknown): boolean {
  const x = doc[field];
  if (typeof cond === 'object' && cond !== null && !Array.isArray(cond)) {
    return Object.entries(cond).every(([op, raw]) => {
      const v = op === '$in' ? (raw as unknown[]).map((e) => norm(field, e)) : norm(field, raw);
      const ordered = x !== undefined && x !== null && rank(x) === rank(v);
      switch (op) {
        case '$eq': return refEq(x, v);
        case '$ne': return !refEq(x, v);
        case '$in': return (v as unknown[]).some((e) => refEq(x, e));
        case '$exists': return (x !== undefined) === v;
        case '$gt': return ordered && cmp(x, v) > 0;
        case '$gte': return ordered && cmp(x, v) >= 0;
        case '$lt': return ordered && cmp(x, v) < 0;
        case '$lte': return ordered && cmp(x, v) <= 0;
        default: throw new Error(`reference: ${op}`);
      }
    });
  }
  return refEq(x, norm(field, cond));
}

function refFilter(doc: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => {
    if (key === '$and') return (value as Array<Record<string, unknown>>).every((f) => refFilter(doc, f));
    if (key === '$or') return (value as Array<Record<string, unknown>>).some((f) => refFilter(doc, f));
    return refCondition(doc, key, value);
  });
}

function refQuery(model: Map<string, Record<string, unknown>>, query: Query, order: Array<[string, 'asc' | 'desc']>): string[] {
  const docs = [...model.values()].filter((d) => refFilter(d, query.filter as Record<string, unknown> | undefined));
  docs.sort((x, y) => {
    for (const [field, dir] of order) {
      const c = cmp(x[field], y[field]);
      if (c !== 0) return dir === 'asc' ? c : -c;
    }
    return 0;
  });
  return docs.map((d) => d._id as string);
}

function refKeyOrder(model: Map<string, Record<string, unknown>>, fields: readonly string[]): string[] {
  const docs = [...model.values()];
  docs.sort((x, y) => {
    for (const field of fields) {
      const c = cmp(x[field], y[field]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return docs.map((d) => d._id as string);
}

function hasUniqueConflict(model: Map<string, Record<string, unknown>>): boolean {
  const seen = new Set<unknown>();
  for (const d of model.values()) {
    if (d.u === undefined || d.u === null) continue;
    if (seen.has(d.u)) return true;
    seen.add(d.u);
  }
  return false;
}

// ---------------- the property ----------------

interface Tally {
  accepted: number;
  rejected: number;
  scans: Record<string, number>;
  /** accepted plans scanning several index ranges ($in or null equality) with a requested sort */
  mergedSorted: number;
  /** accepted queries that needed more than one page */
  paged: number;
}

function runSteps(initial: Array<Record<string, unknown>>, steps: Step[], tally: Tally): void {
  const seenU = new Set<unknown>();
  const start = initial.map((d) => {
    if (d.u === undefined || !seenU.has(d.u)) {
      seenU.add(d.u);
      return d;
    }
    const { u: _dropped, ...rest } = d;
    return rest;
  });
  const fx = new Fixture(SCHEMA, start);
  const model = new Map<string, Record<string, unknown>>([...fx.docs].map(([id, d]) => [id, d as Record<string, unknown>]));
  for (const step of steps) {
    if (step.kind === 'write') {
      const staged = new Map(model);
      for (const op of step.unit) {
        if (op.kind === 'put') staged.set(op.doc._id as string, op.doc);
        else staged.delete(op.id);
      }
      const puts = step.unit.filter((op): op is Put => op.kind === 'put').map((op) => op.doc);
      // the fixture applies deletes first, then puts; keep the model's unit semantics identical
      const deletes = step.unit.filter((op): op is Del => op.kind === 'del' && model.has(op.id) && !puts.some((p) => p._id === op.id)).map((op) => op.id);
      const expected = new Map(model);
      for (const id of deletes) expected.delete(id);
      for (const p of puts) expected.set(p._id as string, p);
      const conflict = hasUniqueConflict(expected);
      let threw: unknown;
      try {
        fx.write(puts.map((p) => ({ ...p })), deletes);
      } catch (error) {
        threw = error;
      }
      if (conflict) {
        expect(threw).toBeInstanceOf(AeroError);
        expect((threw as AeroError).code).toBe('AERO_VALIDATION_UNIQUE');
      } else {
        expect(threw).toBeUndefined();
        model.clear();
        for (const [id, d] of expected) model.set(id, d);
      }
      // every index holds exactly one entry per document, in key order, pointing at the live doc
      for (const index of fx.indexes.ordered) {
        const pairs = index.tree.toArray();
        expect(pairs.map(([, d]) => d._id)).toEqual(refKeyOrder(model, index.keyFields));
        for (const [, d] of pairs) expect(d).toBe(fx.docs.get(d._id));
      }
      continue;
    }
    const query = step.query;
    const explain = fx.explain(query);
    const again = fx.explain(query);
    expect(JSON.stringify(again)).toBe(JSON.stringify(explain));
    if (!explain.accepted) {
      tally.rejected++;
      let code: string | undefined;
      try {
        fx.find(query);
      } catch (error) {
        code = (error as AeroError).code;
      }
      expect(code).toBe(explain.rejection!.code);
      continue;
    }
    tally.accepted++;
    tally.scans[explain.scan!] = (tally.scans[explain.scan!] ?? 0) + 1;
    const bounds = [explain, ...(explain.branches ?? [])].flatMap((e) => Object.values(e.bounds ?? {}));
    if (query.sort && bounds.some((b) => b.in !== undefined || b.eq === null)) tally.mergedSorted++;
    const order = explain.sort!.order;
    expect(order.at(-1)![0]).toBe('_id');
    expect(order.slice(0, query.sort?.length ?? 0)).toEqual((query.sort ?? []).map((s) => [s.field, s.order]));
    const expected = refQuery(model, query, order);
    const got: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      expect(page).toBeLessThan(100);
      const res = fx.find(cursor ? { ...query, cursor } : query);
      expect(res.docs.length).toBeLessThanOrEqual(query.limit!);
      if (query.count) expect(res.count).toBe(expected.length);
      for (const d of res.docs) expect(d).toBe(fx.docs.get(d._id));
      got.push(...res.docs.map((d) => d._id));
      if (res.next_cursor === null) break;
      expect(res.docs.length).toBe(query.limit);
      if (page === 0) tally.paged++;
      cursor = res.next_cursor;
    }
    expect(got).toEqual(expected);
  }
}

describe('query engine vs naive model', () => {
  test(`random writes and paged queries agree with filter+sort over an array (${RUNS} runs)`, () => {
    const tally: Tally = { accepted: 0, rejected: 0, scans: {}, mergedSorted: 0, paged: 0 };
    fc.assert(
      fc.property(initialArb, stepsArb, (initial, steps) => {
        runSteps(initial, steps as Step[], tally);
      }),
      { numRuns: RUNS },
    );
    // the generator must exercise real plans, not just rejections
    expect(tally.accepted).toBeGreaterThan(RUNS);
    for (const scan of ['PK_LOOKUP', 'INDEX_EQ', 'INDEX_RANGE', 'INDEX_ORDER', 'OR_UNION']) expect(tally.scans[scan] ?? 0, scan).toBeGreaterThan(0);
    expect(tally.mergedSorted).toBeGreaterThan(0);
    expect(tally.paged).toBeGreaterThan(0);
    if (process.env.PROPERTY_TALLY) console.log(JSON.stringify(tally));
  });
});
