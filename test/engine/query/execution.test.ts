import { describe, expect, test } from 'vitest';
import { encodeCursor, decodeCursor } from '../../../src/engine/query/cursor.js';
import type { Query } from '../../../src/engine/types.js';
import { Fixture, allPages, post } from './query-fixture.js';

const id = (i: number) => `p${String(i).padStart(3, '0')}`;

describe('limit and residual filtering', () => {
  test('the limit applies after residual filtering: scans until limit documents pass', () => {
    // 50 drafts by u2 sort before 3 drafts by u1 in _id order
    const docs = [
      ...Array.from({ length: 50 }, (_, i) => post(id(i), { author_id: 'u2' })),
      ...[90, 91, 92].map((i) => post(id(i), { author_id: 'u1' })),
    ];
    const fx = new Fixture(undefined, docs);
    const res2 = fx.find({ filter: { status: 'draft', email: { $exists: false }, views: { $ne: 1 }, published: { $exists: false }, author_id: { $ne: 'u2' } }, limit: 2 });
    expect(res2.explain.index).toBe('status_idx');
    expect(res2.docs.map((d) => d._id)).toEqual([id(90), id(91)]);
    expect(res2.next_cursor).not.toBeNull();
    expect(res2.documents_scanned).toBe(53); // 50 rejected + 2 returned + 1 look-ahead
    const next = fx.find({ filter: { status: 'draft', author_id: { $ne: 'u2' } }, limit: 2, cursor: res2.next_cursor! });
    expect(next.docs.map((d) => d._id)).toEqual([id(92)]);
    expect(next.next_cursor).toBeNull();
  });

  test('a bounded page scans only what it returns (plus one look-ahead)', () => {
    const fx = new Fixture(undefined, Array.from({ length: 500 }, (_, i) => post(id(i), { status: i % 2 ? 'draft' : 'published' })));
    const res = fx.find({ filter: { status: 'draft' }, limit: 20 });
    expect(res.docs).toHaveLength(20);
    expect(res.documents_scanned).toBe(21);
    const last = fx.find({ filter: { status: 'draft' }, limit: 250 });
    expect(last.next_cursor).toBeNull();
    expect(last.documents_scanned).toBe(250);
  });

  test('returned documents are the stored frozen objects', () => {
    const fx = new Fixture(undefined, [post('a')]);
    const [doc] = fx.find({ limit: 1 }).docs;
    expect(doc).toBe(fx.docs.get('a'));
    expect(Object.isFrozen(doc)).toBe(true);
  });
});

describe('index consistency through writes', () => {
  test('updates move index entries: no stale results under the old value', () => {
    const fx = new Fixture(undefined, [post('a', { status: 'draft', views: 1 }), post('b', { status: 'draft', views: 2 })]);
    fx.write([post('a', { status: 'published', views: 10 })]);
    expect(fx.ids({ filter: { status: 'draft' }, limit: 10 })).toEqual(['b']);
    expect(fx.ids({ filter: { status: 'published' }, limit: 10 })).toEqual(['a']);
    expect(fx.ids({ filter: { views: { $lt: 5 } }, limit: 10 })).toEqual(['b']);
    expect(fx.find({ filter: { status: 'published' }, limit: 10 }).docs[0]!.views).toBe(10);
    fx.write([], ['b']);
    expect(fx.ids({ filter: { status: 'draft' }, limit: 10 })).toEqual([]);
    expect(fx.ids({ limit: 10 })).toEqual(['a']);
  });

  test('a failed unique check changes nothing', () => {
    const fx = new Fixture(undefined, [post('a', { email: 'x@y' })]);
    expect(() => fx.write([post('b', { email: 'x@y' })])).toThrow(/email_unique/);
    expect(fx.ids({ limit: 10 })).toEqual(['a']);
    expect(fx.ids({ filter: { email: 'x@y' }, limit: 10 })).toEqual(['a']);
  });
});

describe('value semantics', () => {
  const fx = new Fixture(undefined, [
    post('i7', { views: 7 }),
    post('f75', { views: 7.5 }),
    post('i8', { views: 8 }),
    post('neg', { views: -1 }),
    post('none'),
  ]);

  test('one numeric key space: ints and floats compare numerically', () => {
    expect(fx.ids({ filter: { views: { $gte: 7 } }, limit: 10 })).toEqual(['i7', 'f75', 'i8']);
    expect(fx.ids({ filter: { views: { $gt: 7.2 } }, limit: 10 })).toEqual(['f75', 'i8']);
    expect(fx.ids({ filter: { views: 7.0 }, limit: 10 })).toEqual(['i7']);
    expect(fx.ids({ filter: { views: { $in: [8.0, 7.5] } }, limit: 10 })).toEqual(['f75', 'i8']);
  });

  test('an upper bound alone does not match absent or null', () => {
    expect(fx.ids({ filter: { views: { $lt: 7.5 } }, limit: 10 })).toEqual(['neg', 'i7']);
    expect(fx.ids({ filter: { views: { $lte: 7.5 } }, sort: [{ field: 'views', order: 'desc' }], limit: 10 })).toEqual(['f75', 'i7', 'neg']);
  });

  test('null equality matches null and absent; $exists tells them apart', () => {
    const f2 = new Fixture(undefined, [post('a', { email: 'a@x' }), post('b'), post('c', { email: 'c@x' }), post('d')]);
    expect(f2.ids({ filter: { email: null }, limit: 10 })).toEqual(['b', 'd']);
    expect(f2.ids({ filter: { email: { $in: [null, 'c@x'] } }, limit: 10 })).toEqual(['b', 'c', 'd']);
    expect(f2.ids({ filter: { email: { $ne: null }, status: 'draft' }, limit: 10 })).toEqual(['a', 'c']);
    expect(f2.ids({ filter: { email: { $exists: false }, status: 'draft' }, limit: 10 })).toEqual(['b', 'd']);
  });

  test('timestamps are normalised to UTC before comparing', () => {
    const f3 = new Fixture(undefined, [
      post('early', { created_at: '2026-01-01T00:00:00.000Z' }),
      post('late', { created_at: '2026-01-01T01:30:00.000Z' }),
    ]);
    const q = (v: string): Query => ({ filter: { author_id: 'u1', created_at: { $gte: v } }, limit: 10 });
    expect(f3.ids(q('2026-01-01T02:00:00+01:00'))).toEqual(['late']); // 01:00Z
    expect(f3.ids(q('2025-12-31T19:00:00-05:00'))).toEqual(['early', 'late']); // 00:00Z
    expect(f3.ids({ filter: { author_id: 'u1', created_at: '2026-01-01T03:30:00+02:00' }, limit: 10 })).toEqual(['late']);
  });

  test('dotted paths through object fields', () => {
    const f4 = new Fixture(undefined, [post('a', { meta: { lang: 'en' } }), post('b', { meta: { lang: 'fr' } }), post('c')]);
    expect(f4.ids({ filter: { 'meta.lang': 'fr' }, limit: 10 })).toEqual(['b']);
    expect(f4.ids({ filter: { 'meta.lang': null }, limit: 10 })).toEqual(['c']);
  });
});

describe('keyset cursors', () => {
  const docs = Array.from({ length: 47 }, (_, i) =>
    post(id(i), {
      status: i % 3 === 0 ? 'published' : 'draft',
      views: i % 5,
      created_at: `2026-01-${String((i % 9) + 1).padStart(2, '0')}T00:00:00.000Z`,
      author_id: `u${i % 4}`,
      ...(i % 7 === 0 ? {} : { email: `e${i}@x` }),
    }),
  );
  const fx = new Fixture(undefined, docs);

  const shapes: Array<[string, Query]> = [
    ['INDEX_ORDER _id', { limit: 4 }],
    ['INDEX_ORDER desc on a non-unique field', { sort: [{ field: 'views', order: 'desc' }], limit: 5 }],
    ['INDEX_EQ', { filter: { status: 'draft' }, limit: 3 }],
    ['INDEX_EQ + range, desc', { filter: { author_id: 'u1', created_at: { $gt: '2026-01-02T00:00:00Z' } }, sort: [{ field: 'created_at', order: 'desc' }], limit: 2 }],
    ['$in merge by sort', { filter: { author_id: { $in: ['u0', 'u2', 'u3'] } }, sort: [{ field: 'created_at', order: 'asc' }], limit: 4 }],
    ['$in field first in sort', { filter: { author_id: { $in: ['u0', 'u2'] } }, sort: [{ field: 'author_id', order: 'desc' }, { field: 'created_at', order: 'desc' }], limit: 3 }],
    ['null equality (absent + null ranges)', { filter: { email: null }, limit: 2 }],
    ['INDEX_RANGE with residual', { filter: { views: { $gte: 1, $lt: 4 }, status: 'draft' }, sort: [{ field: 'views', order: 'desc' }], limit: 4 }],
    ['PK_LOOKUP with in-memory sort', { filter: { _id: { $in: docs.slice(0, 20).map((d) => d._id as string) } }, sort: [{ field: 'views', order: 'asc' }], limit: 3 }],
    ['OR_UNION', { filter: { $or: [{ status: 'published' }, { author_id: 'u1', created_at: '2026-01-02T00:00:00Z' }, { _id: id(5) }] }, limit: 3 }],
  ];

  test.each(shapes)('%s: pages cover the full result exactly once, in order', (_name, query) => {
    const all = fx.find({ ...query, limit: 1000 });
    expect(all.next_cursor).toBeNull();
    const { ids, pages } = allPages(fx, query);
    expect(ids).toEqual(all.docs.map((d) => d._id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.max(1, Math.ceil(ids.length / query.limit!)));
    expect(ids.length).toBeGreaterThan(query.limit!);
  });

  test('the cursor is base64url JSON of the order key values', () => {
    const res = fx.find({ sort: [{ field: 'views', order: 'desc' }], limit: 2 });
    const last = res.docs[1]!;
    expect(decodeCursor(res.next_cursor)).toEqual([last.views, last._id]);
    expect(res.next_cursor).toBe(encodeCursor([last.views, last._id]));
    expect(res.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('absent values survive the cursor', () => {
    const page = fx.find({ filter: { email: null }, sort: [{ field: 'email', order: 'asc' }], limit: 1 });
    expect(decodeCursor(page.next_cursor)).toEqual([undefined, page.docs[0]!._id]);
  });

  test('a write between pages: the next page starts strictly after the cursor', () => {
    const f = new Fixture(undefined, [post('a'), post('c'), post('e')]);
    const first = f.find({ limit: 2 });
    expect(first.docs.map((d) => d._id)).toEqual(['a', 'c']);
    f.write([post('b'), post('d')], ['c']);
    expect(f.ids({ limit: 2, cursor: first.next_cursor! })).toEqual(['d', 'e']);
  });
});

describe('count', () => {
  const fx = new Fixture(undefined, Array.from({ length: 30 }, (_, i) => post(id(i), { status: i < 12 ? 'published' : 'draft', views: i })));

  test('count is the exact total matching the filter, independent of limit and cursor', () => {
    const first = fx.find({ filter: { status: 'published', views: { $gte: 3 } }, limit: 2, count: true });
    expect(first.count).toBe(9);
    const second = fx.find({ filter: { status: 'published', views: { $gte: 3 } }, limit: 2, count: true, cursor: first.next_cursor! });
    expect(second.count).toBe(9);
    expect(fx.find({ limit: 1, count: true }).count).toBe(30);
    expect(fx.find({ filter: { $or: [{ status: 'draft' }, { views: { $in: [0, 29] } }] }, limit: 1, count: true }).count).toBe(19);
  });

  test('count is absent unless asked', () => {
    expect('count' in fx.find({ limit: 1 })).toBe(false);
    expect(Object.keys(fx.find({ limit: 1, count: true }))).toEqual(['docs', 'next_cursor', 'count', 'explain', 'documents_scanned']);
  });
});

describe('$or', () => {
  test('union de-duplicated by _id, merged in the requested order', () => {
    const fx = new Fixture(undefined, [
      post('a', { status: 'published', views: 5 }),
      post('b', { views: 1 }),
      post('c', { status: 'published', views: 1 }),
      post('d', { views: 9 }),
    ]);
    const res = fx.find({ filter: { $or: [{ status: 'published' }, { views: 1 }, { _id: 'a' }] }, limit: 10 });
    expect(res.docs.map((d) => d._id)).toEqual(['a', 'b', 'c']);
    const sorted = fx.find({ filter: { $or: [{ views: { $gte: 5 } }, { views: 1 }] }, sort: [{ field: 'views', order: 'desc' }], limit: 10 });
    expect(sorted.docs.map((d) => d._id)).toEqual(['d', 'a', 'c', 'b']);
  });
});

describe('fields projection', () => {
  test('returns _id plus exactly the listed fields that are present, frozen', () => {
    const fx = new Fixture(undefined, [post('a', { meta: { lang: 'en', words: 3 }, views: 2 })]);
    const [doc] = fx.find({ filter: { _id: 'a' }, fields: ['title', 'meta.lang', 'email'], limit: 1 }).docs;
    expect(doc).toEqual({ _id: 'a', title: 't-a', meta: { lang: 'en' } });
    expect(Object.keys(doc!)).toEqual(['_id', 'title', 'meta']);
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc!.meta)).toBe(true);
    const [whole] = fx.find({ filter: { _id: 'a' }, fields: ['meta.lang', 'meta', '_id'], limit: 1 }).docs;
    expect(whole).toEqual({ _id: 'a', meta: { lang: 'en', words: 3 } });
  });
});
