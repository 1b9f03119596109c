// fast-check generators for the database-level property test: a random collection schema (scalar
// fields with random required/nullable/default, 1-3 indexes incl. compound and unique, plus one spare
// index to add and drop later), and a random sequence of writes, queries, reopens and checkpoints.
// Value pools are tiny on purpose, so equal values, unique conflicts and ties are frequent.
import fc from 'fast-check';
import type { Query, SortSpec } from '../../../src/engine/types.js';
import { TIMESTAMPS, type FieldSpec, type IndexSpec, type Row, type ScalarType } from './reference-model.js';

export const ID_POOL = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'];
export const COLLECTION = 'things';
export const EXTRA_INDEX = 'extra_idx';

const TYPES: ScalarType[] = ['string', 'int', 'float', 'bool', 'timestamp'];
const TIMESTAMP_TEXTS = Object.keys(TIMESTAMPS);

/** Valid stored values per type (timestamps in several zones; -0 for floats). */
const VALID: Record<ScalarType, unknown[]> = {
  string: ['a', 'b', 'c', 'd'],
  int: [-2, 0, 1, 3],
  float: [-0, 0.5, 1, 2.25],
  bool: [true, false],
  timestamp: TIMESTAMP_TEXTS.filter((t) => t !== '2026-01-01T00:00:00.000+00:00'),
};

/** Values a document may not hold in a field of the type (validation must refuse them). */
const INVALID: Record<ScalarType, unknown[]> = {
  string: [5],
  int: [1.5, '1'],
  float: ['x'],
  bool: [0],
  timestamp: ['2026-02-30T00:00:00Z', 'yesterday'],
};

/** Filter values per type: ints for float fields, floats for int fields, zone offsets for timestamps. */
const QUERY_VALUES: Record<ScalarType, unknown[]> = {
  string: ['a', 'b', 'c', 'd', '0', 'bb'],
  int: [-2, 0, 1, 1.5, 3, -0, 2.0],
  float: [-1, 0, 0.5, 1, 2.25, 3],
  bool: [true, false],
  timestamp: TIMESTAMP_TEXTS,
};

export interface SchemaPlan {
  fields: FieldSpec[];
  indexes: IndexSpec[];
  /** added / dropped by steps, never part of the initial schema */
  extra: IndexSpec;
}

export type Step =
  | { kind: 'insert'; doc: Row }
  | { kind: 'bulk'; docs: Row[] }
  | { kind: 'update'; id: string; patch: Row }
  | { kind: 'replace'; id: string; doc: Row }
  | { kind: 'upsert'; id: string; doc: Row; onConflict: 'replace' | 'merge' | 'error' }
  | { kind: 'delete'; id: string }
  | { kind: 'get'; id: string }
  /** `between`: a step run after the first page, before the rest is paged with the cursor */
  | { kind: 'find'; query: Query; between: Step | undefined }
  | { kind: 'add_extra_index' }
  | { kind: 'drop_extra_index' }
  | { kind: 'reopen' }
  | { kind: 'checkpoint' };

const fieldArb = (name: string): fc.Arbitrary<FieldSpec> =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      required: fc.boolean(),
      nullable: fc.boolean(),
      withDefault: fc.integer({ min: 0, max: 3 }),
      pick: fc.nat(),
    })
    .map(({ type, required, nullable, withDefault, pick }) => {
      // a quarter of the fields carry a default (a null default only on nullable fields)
      const pool = VALID[type];
      const def = withDefault === 0 ? (nullable && pick % 5 === 0 ? null : pool[pick % pool.length]) : undefined;
      return { name, type, required: required && pick % 3 === 0, nullable, default: def };
    });

const indexArb = (names: readonly string[], name: string): fc.Arbitrary<IndexSpec> =>
  fc
    .record({ fields: fc.shuffledSubarray([...names], { minLength: 1, maxLength: Math.min(2, names.length) }), unique: fc.integer({ min: 0, max: 3 }) })
    .map(({ fields, unique }) => ({ name, fields, unique: unique === 0 }));

export const schemaArb: fc.Arbitrary<SchemaPlan> = fc.integer({ min: 2, max: 5 }).chain((n) => {
  const names = Array.from({ length: n }, (_, i) => `f${i}`);
  return fc.record({
    fields: fc.tuple(...names.map(fieldArb)),
    indexes: fc.integer({ min: 1, max: 3 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => indexArb(names, `ix${i}`)))),
    extra: indexArb(names, EXTRA_INDEX),
  });
});

const ABSENT = Symbol('absent');

function fieldValueArb(f: FieldSpec): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(ABSENT), weight: 4 },
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.constantFrom(...VALID[f.type]), weight: 30 },
    { arbitrary: fc.constantFrom(...INVALID[f.type]), weight: 1 },
  );
}

function stripAbsent(values: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(values)) if (v !== ABSENT) out[k] = v;
  return out;
}

/** A document body (no _id) over the schema's fields; rarely with an undeclared field. */
function bodyArb(plan: SchemaPlan): fc.Arbitrary<Row> {
  const record = Object.fromEntries(plan.fields.map((f) => [f.name, fieldValueArb(f)]));
  return fc.tuple(fc.record(record), fc.integer({ min: 0, max: 30 })).map(([values, odd]) => {
    const body = stripAbsent(values);
    if (odd === 0) body['undeclared'] = 1;
    return body;
  });
}

const idArb = fc.constantFrom(...ID_POOL);
/** An insert's document: usually with an _id from the pool, sometimes without (engine generates one). */
const newDocArb = (plan: SchemaPlan) =>
  fc.tuple(fc.option(idArb, { freq: 6, nil: undefined }), bodyArb(plan)).map(([id, body]) => (id === undefined ? body : { _id: id, ...body }));

function patchArb(plan: SchemaPlan): fc.Arbitrary<Row> {
  const record = Object.fromEntries(plan.fields.map((f) => [f.name, fieldValueArb(f)]));
  return fc.record(record, { requiredKeys: [] }).map(stripAbsent);
}

// ---------------------------------------------------------------- queries

type Cond = [string, unknown];

function eqValueArb(f: FieldSpec): fc.Arbitrary<unknown> {
  const values = fc.constantFrom(...QUERY_VALUES[f.type]);
  return fc.oneof({ arbitrary: values, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
}

function eqCondArb(f: FieldSpec): fc.Arbitrary<Cond> {
  return fc.oneof(
    { arbitrary: eqValueArb(f).map((v): Cond => [f.name, v]), weight: 4 },
    { arbitrary: eqValueArb(f).map((v): Cond => [f.name, { $eq: v }]), weight: 1 },
    { arbitrary: fc.array(eqValueArb(f), { minLength: 1, maxLength: 3 }).map((v): Cond => [f.name, { $in: v }]), weight: 2 },
  );
}

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;

function rangeCondArb(name: string, values: readonly unknown[]): fc.Arbitrary<Cond> {
  const v = fc.constantFrom(...values);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...RANGE_OPS), v).map(([op, x]): Cond => [name, { [op]: x }]),
    fc.tuple(fc.constantFrom('$gt', '$gte'), v, fc.constantFrom('$lt', '$lte'), v).map(([lo, a, hi, b]): Cond => [name, { [lo]: a, [hi]: b }]),
  );
}

function residualCondArb(plan: SchemaPlan): fc.Arbitrary<Cond> {
  const field = fc.constantFrom(...plan.fields);
  return fc.oneof(
    field.chain(eqCondArb),
    field.chain((f) => rangeCondArb(f.name, QUERY_VALUES[f.type])),
    field.chain((f) => eqValueArb(f).map((v): Cond => [f.name, { $ne: v }])),
    fc.boolean().chain((b) => field.map((f): Cond => [f.name, { $exists: b }])),
    rangeCondArb('_id', ID_POOL),
  );
}

function filterOf(conds: readonly Cond[]): Row | undefined {
  if (conds.length === 0) return undefined;
  const names = conds.map(([n]) => n);
  if (new Set(names).size === names.length) return Object.fromEntries(conds);
  return { $and: conds.map(([n, c]) => ({ [n]: c })) };
}

interface Extras {
  limit: number;
  count: boolean;
  fields: string[] | undefined;
}

function extrasArb(plan: SchemaPlan): fc.Arbitrary<Extras> {
  return fc.record({
    limit: fc.integer({ min: 1, max: 5 }),
    count: fc.boolean(),
    fields: fc.option(fc.shuffledSubarray(plan.fields.map((f) => f.name), { minLength: 1 }), { freq: 6, nil: undefined }),
  });
}

function buildQuery(filter: Row | undefined, sort: SortSpec[], extras: Extras): Query {
  const q: Query = {};
  if (filter) q.filter = filter;
  if (sort.length > 0) q.sort = sort;
  q.limit = extras.limit;
  if (extras.count) q.count = true;
  if (extras.fields) q.fields = extras.fields;
  return q;
}

/** A query shaped after one index: equality on a key prefix, maybe a range on the next key field, a sort it can serve. */
function indexShapedArb(plan: SchemaPlan, index: IndexSpec): fc.Arbitrary<{ conds: Cond[]; sort: SortSpec[] }> {
  const specs = index.fields.map((name) => plan.fields.find((f) => f.name === name)!);
  return fc.integer({ min: 0, max: specs.length }).chain((e) =>
    fc
      .record({
        eqs: fc.tuple(...specs.slice(0, e).map(eqCondArb)),
        range: e < specs.length ? fc.option(rangeCondArb(specs[e]!.name, QUERY_VALUES[specs[e]!.type]), { nil: undefined }) : fc.constant(undefined),
        residual: fc.option(residualCondArb(plan), { freq: 3, nil: undefined }),
        dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        sortKind: fc.constantFrom('none', 'next', 'rest', 'pinned', 'id'),
      })
      .map(({ eqs, range, residual, dir, sortKind }) => {
        const conds: Cond[] = [...eqs];
        if (range) conds.push(range);
        if (residual) conds.push(residual);
        const names = index.fields;
        let sortFields: string[] = [];
        if (sortKind === 'next' && e < names.length) sortFields = [names[e]!];
        else if (sortKind === 'rest' && e < names.length) sortFields = [...names.slice(e), '_id'];
        else if (sortKind === 'pinned' && e > 0) sortFields = names.slice(0, Math.min(names.length, e + 1));
        else if (sortKind === 'id') sortFields = ['_id'];
        return { conds, sort: sortFields.map((field) => ({ field, order: dir })) };
      }),
  );
}

function queryArb(plan: SchemaPlan): fc.Arbitrary<Query> {
  const indexes = [...plan.indexes, plan.extra];
  const fieldNames = plan.fields.map((f) => f.name);
  const shaped = fc.constantFrom(...indexes).chain((index) => indexShapedArb(plan, index));
  const pk = fc
    .record({
      ids: fc.oneof(idArb.map((id): Cond => ['_id', id]), fc.array(idArb, { minLength: 1, maxLength: 4 }).map((ids): Cond => ['_id', { $in: ids }])),
      residual: fc.option(residualCondArb(plan), { nil: undefined }),
      sort: fc.option(fc.tuple(fc.constantFrom(...fieldNames), fc.constantFrom<'asc' | 'desc'>('asc', 'desc')), { nil: undefined }),
    })
    .map(({ ids, residual, sort }) => ({ conds: residual ? [ids, residual] : [ids], sort: sort ? [{ field: sort[0], order: sort[1] }] : [] }));
  const unfiltered = fc
    .tuple(fc.constantFrom(...indexes), fc.integer({ min: 0, max: 2 }), fc.constantFrom<'asc' | 'desc'>('asc', 'desc'))
    .map(([index, k, dir]) => ({ conds: [] as Cond[], sort: [...index.fields, '_id'].slice(0, k).map((field) => ({ field, order: dir })) }));
  const random = fc
    .record({
      conds: fc.array(residualCondArb(plan), { maxLength: 3 }),
      sort: fc.shuffledSubarray([...fieldNames, '_id'], { maxLength: 2 }),
      dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
    })
    .map(({ conds, sort, dir }) => ({ conds, sort: sort.map((field) => ({ field, order: dir })) }));
  const plain = fc.oneof({ arbitrary: shaped, weight: 8 }, { arbitrary: pk, weight: 2 }, { arbitrary: unfiltered, weight: 2 }, { arbitrary: random, weight: 1 });
  const withFilter = plain.map(({ conds, sort }) => ({ filter: filterOf(conds), sort }));
  // $or over two shapes on the same index, sorted by nothing or by _id (what every branch can return)
  const union = fc
    .constantFrom(...indexes)
    .chain((index) => fc.tuple(indexShapedArb(plan, index), indexShapedArb(plan, index), fc.constantFrom<'asc' | 'desc' | 'none'>('asc', 'desc', 'none')))
    .map(([a, b, dir]) => ({
      filter: { $or: [filterOf(a.conds) ?? {}, filterOf(b.conds) ?? {}] } as Row,
      sort: dir === 'none' ? [] : [{ field: '_id', order: dir }],
    }));
  return fc
    .tuple(fc.oneof({ arbitrary: withFilter, weight: 6 }, { arbitrary: union, weight: 1 }), extrasArb(plan))
    .map(([{ filter, sort }, extras]) => buildQuery(filter, sort as SortSpec[], extras));
}

// ---------------------------------------------------------------- steps

/** Steps that change the database (or its process): what may happen between two pages of a find. */
function changeArb(plan: SchemaPlan): fc.Arbitrary<Step> {
  const body = bodyArb(plan);
  return fc.oneof(
    { arbitrary: newDocArb(plan).map((doc): Step => ({ kind: 'insert', doc })), weight: 6 },
    { arbitrary: fc.array(newDocArb(plan), { minLength: 1, maxLength: 4 }).map((docs): Step => ({ kind: 'bulk', docs })), weight: 3 },
    { arbitrary: fc.tuple(idArb, patchArb(plan)).map(([id, patch]): Step => ({ kind: 'update', id, patch })), weight: 3 },
    { arbitrary: fc.tuple(idArb, body).map(([id, doc]): Step => ({ kind: 'replace', id, doc })), weight: 2 },
    {
      arbitrary: fc.tuple(idArb, body, fc.constantFrom<'replace' | 'merge' | 'error'>('replace', 'merge', 'error')).map(([id, doc, onConflict]): Step => ({ kind: 'upsert', id, doc, onConflict })),
      weight: 3,
    },
    { arbitrary: idArb.map((id): Step => ({ kind: 'delete', id })), weight: 2 },
    { arbitrary: fc.constant<Step>({ kind: 'reopen' }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'checkpoint' }), weight: 1 },
  );
}

export function stepArb(plan: SchemaPlan): fc.Arbitrary<Step> {
  const change = changeArb(plan);
  return fc.oneof(
    { arbitrary: change, weight: 20 },
    { arbitrary: idArb.map((id): Step => ({ kind: 'get', id })), weight: 1 },
    {
      arbitrary: fc.tuple(queryArb(plan), fc.option(change, { freq: 4, nil: undefined })).map(([query, between]): Step => ({ kind: 'find', query, between })),
      weight: 10,
    },
    { arbitrary: fc.constant<Step>({ kind: 'add_extra_index' }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'drop_extra_index' }), weight: 1 },
  );
}

/** Up to 10 single inserts with distinct ids first (so pages and conflicts happen), then up to 30 random steps. */
export const scenarioArb = schemaArb.chain((plan) =>
  fc
    .tuple(
      fc.uniqueArray(idArb, { maxLength: 10, size: 'max' }).chain((ids) => fc.tuple(...ids.map((id) => bodyArb(plan).map((body): Step => ({ kind: 'insert', doc: { _id: id, ...body } }))))),
      fc.array(stepArb(plan), { minLength: 1, maxLength: 30, size: 'max' }),
    )
    .map(([seed, steps]) => [plan, [...seed, ...steps]] as const),
);
