import { describe, expect, test } from 'vitest';
import type { Explain } from '../../../src/engine/query/explain-types.js';
import type { AppliedSchema, IndexDef, Query } from '../../../src/engine/types.js';
import { Fixture, POSTS_SCHEMA, post } from './query-fixture.js';

const withIndexes = (indexes: IndexDef[]): AppliedSchema => ({ ...POSTS_SCHEMA, indexes });
const plan = (fx: Fixture, query: Query): Explain => {
  const explain = fx.explain(query);
  if (!explain.accepted) throw new Error(JSON.stringify(explain.rejection));
  return explain;
};
const reasonFor = (explain: Explain, index: string) => explain.rejected_alternatives!.find((r) => r.index === index)?.reason;

const ACCEPTED_KEYS = ['accepted', 'collection', 'schema_version', 'planner_version', 'scan', 'index', 'index_fields', 'bounds', 'residual', 'sort', 'limit', 'rls', 'rejected_alternatives'];

describe('explain document', () => {
  test('the SPEC §5 example, byte for byte', () => {
    const fx = new Fixture();
    const explain = fx.explain({
      filter: { status: 'published', created_at: { $gte: '2026-01-01T00:00:00Z' }, author_id: 'u1' },
      sort: [{ field: 'created_at', order: 'desc' }],
      limit: 20,
    });
    expect(JSON.stringify(explain)).toBe(
      '{"accepted":true,"collection":"posts","schema_version":3,"planner_version":1,"scan":"INDEX_EQ","index":"author_created",' +
        '"index_fields":["author_id","created_at"],"bounds":{"author_id":{"eq":"u1"},"created_at":{"gte":"2026-01-01T00:00:00.000Z"}},' +
        '"residual":[{"field":"status","op":"eq","value":"published"}],"sort":{"by_index":true,"order":[["created_at","desc"],["_id","desc"]]},' +
        '"limit":20,"rls":{"applied":false,"predicate":null},"rejected_alternatives":[' +
        '{"index":"_id","reason":"no equality or range predicate on its leading field \\"_id\\""},' +
        '{"index":"email_unique","reason":"no equality or range predicate on its leading field \\"email\\""},' +
        '{"index":"lang_idx","reason":"no equality or range predicate on its leading field \\"meta.lang\\""},' +
        '{"index":"status_idx","reason":"cannot serve sort (created_at desc)"},' +
        '{"index":"views_idx","reason":"no equality or range predicate on its leading field \\"views\\""}]}',
    );
  });

  test('keys come in the fixed order; text indexes are not candidates', () => {
    const explain = plan(new Fixture(), { filter: { status: 'draft' }, limit: 5 });
    expect(Object.keys(explain)).toEqual(ACCEPTED_KEYS);
    expect(explain.rejected_alternatives!.map((r) => r.index)).toEqual(['_id', 'author_created', 'email_unique', 'lang_idx', 'views_idx']);
  });

  test('deterministic: same text twice, and regardless of filter key order', () => {
    const fx = new Fixture();
    const a = { filter: { views: { $lte: 9, $gt: 1 }, status: { $in: ['published', 'draft'] }, email: { $ne: 'x' } }, limit: 5 };
    const b = { filter: { email: { $ne: 'x' }, status: { $in: ['draft', 'published', 'draft'] }, views: { $gt: 1, $lte: 9 } }, limit: 5 };
    expect(JSON.stringify(fx.explain(a))).toBe(JSON.stringify(fx.explain(a)));
    expect(JSON.stringify(fx.explain(b))).toBe(JSON.stringify(fx.explain(a)));
  });

  test('analyze appears only when asked; duration comes from the injected clock', () => {
    const fx = new Fixture(undefined, [post('a'), post('b', { status: 'published' }), post('c')]);
    expect(fx.explain({ filter: { status: 'draft' }, limit: 5 }).analyze).toBeUndefined();
    expect(fx.find({ filter: { status: 'draft' }, limit: 5 }).explain.analyze).toBeUndefined();
    let t = 10;
    const explain = fx.explain({ filter: { status: 'draft' }, limit: 5 }, { analyze: true, now: () => (t += 0.25) });
    expect(Object.keys(explain)).toEqual([...ACCEPTED_KEYS, 'analyze']);
    expect(explain.analyze).toEqual({ documents_scanned: 2, documents_returned: 2, duration_ms: 0.25 });
  });

  test('analyze on a rejected query still explains the rejection', () => {
    const explain = new Fixture().explain({ filter: { title: 'x' }, limit: 5 }, { analyze: true });
    expect(explain.accepted).toBe(false);
    expect(explain.analyze).toBeUndefined();
  });
});

describe('plan choice (SPEC §5 order)', () => {
  test('1. _id equality or $in -> PK_LOOKUP, even when other indexes match', () => {
    const fx = new Fixture();
    const eq = plan(fx, { filter: { status: 'draft', _id: 'a' }, limit: 1 });
    expect(eq).toMatchObject({ scan: 'PK_LOOKUP', index: '_id', index_fields: ['_id'], bounds: { _id: { eq: 'a' } }, residual: [{ field: 'status', op: 'eq', value: 'draft' }] });
    expect(reasonFor(eq, 'status_idx')).toBe('PK_LOOKUP on _id ranks first');
    const inn = plan(fx, { filter: { _id: { $in: ['c', 'a'] } }, sort: [{ field: 'views', order: 'desc' }], limit: 5 });
    expect(inn.bounds).toEqual({ _id: { in: ['a', 'c'] } });
    expect(inn.sort).toEqual({ by_index: false, order: [['views', 'desc'], ['_id', 'desc']] });
  });

  test('2. the index with the most equality-bound leading fields wins', () => {
    const fx = new Fixture(withIndexes([
      { name: 'author_idx', fields: ['author_id'] },
      { name: 'author_status', fields: ['author_id', 'status'] },
      { name: 'status_idx', fields: ['status'] },
    ]));
    const explain = plan(fx, { filter: { status: 'draft', author_id: 'u1' }, limit: 5 });
    expect(explain).toMatchObject({ scan: 'INDEX_EQ', index: 'author_status', bounds: { author_id: { eq: 'u1' }, status: { eq: 'draft' } }, residual: [] });
    expect(reasonFor(explain, 'author_idx')).toBe('fewer equality fields (1 < 2)');
    expect(reasonFor(explain, 'status_idx')).toBe('fewer equality fields (1 < 2)');
  });

  test('2. then the longest usable prefix: a range or the sort on the next key field', () => {
    const fx = new Fixture(withIndexes([
      { name: 'a_status', fields: ['status'] },
      { name: 'status_created', fields: ['status', 'created_at'] },
    ]));
    const ranged = plan(fx, { filter: { status: 'draft', created_at: { $lt: '2026-02-01T00:00:00+01:00' } }, limit: 5 });
    expect(ranged).toMatchObject({ index: 'status_created', bounds: { status: { eq: 'draft' }, created_at: { lt: '2026-01-31T23:00:00.000Z' } }, residual: [] });
    expect(reasonFor(ranged, 'a_status')).toBe('shorter usable prefix (1 < 2)');
    const sorted = plan(fx, { filter: { status: 'draft' }, sort: [{ field: 'created_at', order: 'asc' }], limit: 5 });
    expect(sorted.index).toBe('status_created');
    expect(reasonFor(sorted, 'a_status')).toBe('cannot serve sort (created_at asc)');
  });

  test('ties go to the index name in byte order', () => {
    const fx = new Fixture(withIndexes([
      { name: 'status_b', fields: ['status'] },
      { name: 'Status_a', fields: ['status'] },
      { name: 'status_a', fields: ['status'] },
    ]));
    const explain = plan(fx, { filter: { status: 'draft' }, limit: 5 });
    expect(explain.index).toBe('Status_a');
    expect(explain.rejected_alternatives!.map((r) => r.index)).toEqual(['_id', 'status_a', 'status_b']);
    expect(reasonFor(explain, 'status_b')).toBe('same plan strength as "Status_a", which sorts first by name');
  });

  test('an equality plan outranks a range plan; the range becomes residual', () => {
    const explain = plan(new Fixture(), { filter: { status: 'draft', views: { $gt: 1 } }, limit: 5 });
    expect(explain).toMatchObject({ scan: 'INDEX_EQ', index: 'status_idx', residual: [{ field: 'views', op: 'gt', value: 1 }] });
    expect(reasonFor(explain, 'views_idx')).toBe('INDEX_RANGE ranks below INDEX_EQ');
  });

  test('the implicit _id key suffix takes a range after an equality prefix', () => {
    const explain = plan(new Fixture(), { filter: { status: 'draft', _id: { $gt: 'm' } }, sort: [{ field: '_id', order: 'desc' }], limit: 5 });
    expect(explain).toMatchObject({ index: 'status_idx', bounds: { status: { eq: 'draft' }, _id: { gt: 'm' } }, residual: [] });
    expect(explain.sort!.order).toEqual([['_id', 'desc']]);
  });

  test('$in on an index field is several equality bounds (sorted, de-duplicated)', () => {
    const explain = plan(new Fixture(), { filter: { status: { $in: ['published', 'draft', 'published'] } }, limit: 5 });
    expect(explain).toMatchObject({ scan: 'INDEX_EQ', bounds: { status: { in: ['draft', 'published'] } } });
  });

  test('3. a range on a leading field -> INDEX_RANGE (ties by name)', () => {
    const fx = new Fixture(withIndexes([
      { name: 'views_idx', fields: ['views'] },
      { name: 'created_idx', fields: ['created_at'] },
    ]));
    const explain = plan(fx, { filter: { views: { $gte: 2, $lt: 10 }, created_at: { $gt: '2026-01-01T00:00:00Z' } }, limit: 5 });
    expect(explain).toMatchObject({ scan: 'INDEX_RANGE', index: 'created_idx', bounds: { created_at: { gt: '2026-01-01T00:00:00.000Z' } } });
    expect(explain.residual).toEqual([{ field: 'views', op: 'gte', value: 2 }, { field: 'views', op: 'lt', value: 10 }]);
    expect(reasonFor(explain, 'views_idx')).toBe('same plan strength as "created_idx", which sorts first by name');
    const desc = plan(fx, { filter: { views: { $gte: 2 } }, sort: [{ field: 'views', order: 'desc' }], limit: 5 });
    expect(desc).toMatchObject({ index: 'views_idx', sort: { by_index: true, order: [['views', 'desc'], ['_id', 'desc']] } });
  });

  test('4. no filter -> INDEX_ORDER, on "_id" by default', () => {
    const fx = new Fixture();
    expect(plan(fx, { limit: 20 })).toMatchObject({ scan: 'INDEX_ORDER', index: '_id', bounds: {}, residual: [], sort: { by_index: true, order: [['_id', 'asc']] } });
    const byViews = plan(fx, { sort: [{ field: 'views', order: 'desc' }], limit: 20 });
    expect(byViews).toMatchObject({ scan: 'INDEX_ORDER', index: 'views_idx', sort: { order: [['views', 'desc'], ['_id', 'desc']] } });
    expect(reasonFor(byViews, '_id')).toBe('cannot serve sort (views desc)');
  });

  test('INDEX_ORDER prefers the index with the fewest key fields after the sort', () => {
    const fx = new Fixture(withIndexes([
      { name: 'a_views_status', fields: ['views', 'status'] },
      { name: 'z_views', fields: ['views'] },
    ]));
    const explain = plan(fx, { sort: [{ field: 'views', order: 'asc' }], limit: 5 });
    expect(explain.index).toBe('z_views');
    expect(reasonFor(explain, 'a_views_status')).toBe('more key fields after the sort (1 > 0)');
  });

  test('the result order appends the remaining key fields and _id in the scan direction', () => {
    const explain = plan(new Fixture(), { filter: { author_id: 'u1' }, limit: 5 });
    expect(explain.sort).toEqual({ by_index: true, order: [['created_at', 'asc'], ['_id', 'asc']] });
  });

  test('$or -> OR_UNION with one sub-plan per branch', () => {
    const explain = plan(new Fixture(), { filter: { $or: [{ status: 'draft' }, { _id: 'x' }] }, limit: 5 });
    expect(Object.keys(explain)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version', 'scan', 'sort', 'limit', 'rls', 'branches', 'rejected_alternatives']);
    expect(explain.scan).toBe('OR_UNION');
    expect(explain.branches!.map((b) => [b.scan, b.index])).toEqual([['INDEX_EQ', 'status_idx'], ['PK_LOOKUP', '_id']]);
    expect(explain.sort).toEqual({ by_index: true, order: [['_id', 'asc']] });
  });

  test('AND terms are distributed into $or branches', () => {
    const explain = plan(new Fixture(), { filter: { author_id: 'u1', $or: [{ status: 'draft' }, { status: 'published' }] }, limit: 5 });
    expect(explain.branches!.map((b) => [b.index, b.bounds, b.residual])).toEqual([
      ['status_idx', { status: { eq: 'draft' } }, [{ field: 'author_id', op: 'eq', value: 'u1' }]],
      ['status_idx', { status: { eq: 'published' } }, [{ field: 'author_id', op: 'eq', value: 'u1' }]],
    ]);
  });
});
