import { describe, expect, test } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { encodeCursor } from '../../../src/engine/query/cursor.js';
import type { Query } from '../../../src/engine/types.js';
import { Fixture, post } from './query-fixture.js';

const fx = new Fixture(undefined, [post('a', { status: 'published', views: 3 }), post('b', { views: 5 })], 100);

function rejection(query: unknown): AeroError {
  let thrown: unknown;
  try {
    fx.find(query as Query);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AeroError);
  const err = thrown as AeroError;
  // explain reports the very same rejection instead of throwing
  const explain = fx.explain(query as Query);
  expect(explain.accepted).toBe(false);
  expect(explain.rejection).toEqual({
    code: err.code,
    message: err.message,
    field: typeof err.details.field === 'string' ? err.details.field : null,
    hint: err.hint,
  });
  expect(Object.keys(explain)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version', 'rejection']);
  return err;
}

describe('limit', () => {
  test('missing limit -> AERO_QUERY_UNBOUNDED with a hint', () => {
    const err = rejection({ filter: { status: 'draft' } });
    expect(err.code).toBe('AERO_QUERY_UNBOUNDED');
    expect(err.hint).toContain('limit');
    expect(err.details).toMatchObject({ field: 'limit', max_limit: 100 });
  });
  test.each([0, -1, 1.5, '20', null])('limit %j -> AERO_QUERY_INVALID', (limit) => {
    expect(rejection({ limit }).code).toBe('AERO_QUERY_INVALID');
  });
  test('limit above max_limit -> AERO_QUERY_LIMIT_EXCEEDED', () => {
    const err = rejection({ limit: 101 });
    expect(err.code).toBe('AERO_QUERY_LIMIT_EXCEEDED');
    expect(err.message).toContain('101');
    expect(err.message).toContain('100');
  });
  test('limit = max_limit is fine', () => {
    expect(fx.find({ limit: 100 }).docs).toHaveLength(2);
  });
});

describe('filter validation', () => {
  test('unknown operator is named', () => {
    const err = rejection({ filter: { title: { $regex: 'x' } }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNKNOWN_OPERATOR');
    expect(err.message).toContain('$regex');
    expect(err.details).toMatchObject({ operator: '$regex', field: 'title' });
    const top = rejection({ filter: { $nor: [{ status: 'draft' }] }, limit: 5 });
    expect(top.code).toBe('AERO_QUERY_UNKNOWN_OPERATOR');
    expect(top.message).toContain('$nor');
  });

  test('unknown field (also dotted) -> AERO_SCHEMA_UNKNOWN_FIELD naming it', () => {
    const err = rejection({ filter: { colour: 'red' }, limit: 5 });
    expect(err.code).toBe('AERO_SCHEMA_UNKNOWN_FIELD');
    expect(err.message).toContain('"colour"');
    expect(err.details).toMatchObject({ field: 'colour', collection: 'posts' });
    expect(rejection({ filter: { 'meta.colour': 'red' }, limit: 5 }).details.field).toBe('meta.colour');
  });

  test('wrong value type -> AERO_QUERY_INVALID with field and expected type', () => {
    const err = rejection({ filter: { views: 'many' }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_INVALID');
    expect(err.message).toContain('"views"');
    expect(err.details).toMatchObject({ field: 'views', expected: 'int', received: 'string' });
    expect(rejection({ filter: { status: { $gt: 3 } }, limit: 5 }).details).toMatchObject({ field: 'status', expected: 'string' });
    expect(rejection({ filter: { published: 'yes' }, limit: 5 }).details).toMatchObject({ field: 'published', expected: 'bool' });
    expect(rejection({ filter: { 'meta.lang': 1 }, limit: 5 }).details.field).toBe('meta.lang');
  });

  test('ints and floats are interchangeable for numeric fields', () => {
    expect(fx.explain({ filter: { views: { $gt: 2.5 } }, limit: 5 }).accepted).toBe(true);
    expect(fx.explain({ filter: { views: 3.0, score: 1 }, limit: 5 }).accepted).toBe(true);
  });

  test('timestamps must parse as RFC 3339', () => {
    const err = rejection({ filter: { author_id: 'u1', created_at: { $gte: '2026-13-01' } }, limit: 5 });
    expect(err.details).toMatchObject({ field: 'created_at', expected: 'timestamp' });
    expect(err.hint).toContain('RFC 3339');
    expect(rejection({ filter: { author_id: 'u1', created_at: { $gte: 'yesterday' } }, limit: 5 }).code).toBe('AERO_QUERY_INVALID');
  });

  test('null only where the field can be null or absent', () => {
    expect(rejection({ filter: { status: null }, limit: 5 }).message).toContain('required');
    expect(rejection({ filter: { views: { $gt: null } }, limit: 5 }).code).toBe('AERO_QUERY_INVALID');
    expect(fx.explain({ filter: { email: null }, limit: 5 }).accepted).toBe(true);
  });

  test('malformed operators', () => {
    expect(rejection({ filter: { status: { $in: 'draft' } }, limit: 5 }).details).toMatchObject({ field: 'status', operator: '$in' });
    expect(rejection({ filter: { status: { $exists: 1 } }, limit: 5 }).details).toMatchObject({ field: 'status', operator: '$exists' });
    expect(rejection({ filter: { tags: { $gt: ['a'] } }, limit: 5 }).message).toContain('orderable');
    expect(rejection({ filter: { backrefs: 'x' }, limit: 5 }).message).toContain('reverse_reference');
    expect(rejection({ filter: { status: { $eq: 'x', other: 1 } }, limit: 5 }).message).toContain('mixes');
    expect(rejection({ filter: { $or: [] }, limit: 5 }).message).toContain('non-empty');
    expect(rejection({ filter: { $and: {} }, limit: 5 }).code).toBe('AERO_QUERY_INVALID');
    expect(rejection({ filter: 'status=draft', limit: 5 }).code).toBe('AERO_QUERY_INVALID');
  });

  test('too many $or branches after distribution', () => {
    const or = Array.from({ length: 6 }, (_, i) => ({ views: i }));
    const err = rejection({ filter: { $and: [{ $or: or }, { $or: or }] }, limit: 5 });
    expect(err.message).toContain('32');
  });

  test('unknown query key', () => {
    const err = rejection({ limit: 5, skip: 10 });
    expect(err.code).toBe('AERO_QUERY_INVALID');
    expect(err.message).toContain('"skip"');
  });
});

describe('sort, fields, count validation', () => {
  test('sort fields must exist and be scalar', () => {
    expect(rejection({ sort: [{ field: 'nope', order: 'asc' }], limit: 5 }).code).toBe('AERO_SCHEMA_UNKNOWN_FIELD');
    expect(rejection({ sort: [{ field: 'tags', order: 'asc' }], limit: 5 }).details.field).toBe('tags');
    expect(rejection({ sort: [{ field: 'views', order: 'up' }], limit: 5 }).message).toContain('"asc" or "desc"');
    expect(rejection({ sort: [{ field: 'views' }, { field: 'views' }], limit: 5 }).message).toContain('twice');
    expect(rejection({ sort: [{ field: '_id' }, { field: 'views' }], limit: 5 }).message).toContain('after "_id"');
    expect(rejection({ sort: 'views', limit: 5 }).code).toBe('AERO_QUERY_INVALID');
  });
  test('projection fields must exist', () => {
    const err = rejection({ fields: ['_id', 'nope'], limit: 5 });
    expect(err.code).toBe('AERO_SCHEMA_UNKNOWN_FIELD');
    expect(err.details.field).toBe('nope');
  });
  test('count must be a boolean', () => {
    expect(rejection({ count: 'yes', limit: 5 }).code).toBe('AERO_QUERY_INVALID');
  });
});

describe('cursor validation', () => {
  test.each(['not base64!', encodeURIComponent('%%%'), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[]').toString('base64url'), Buffer.from('[{"x":1}]').toString('base64url'), 123])(
    'malformed cursor %j -> AERO_QUERY_INVALID_CURSOR',
    (cursor) => {
      expect(rejection({ limit: 5, cursor }).code).toBe('AERO_QUERY_INVALID_CURSOR');
    },
  );
  test('a cursor from another sort is rejected', () => {
    const page = fx.find({ sort: [{ field: 'views', order: 'desc' }], limit: 1 });
    expect(page.next_cursor).not.toBeNull();
    const err = rejection({ limit: 1, cursor: page.next_cursor });
    expect(err.code).toBe('AERO_QUERY_INVALID_CURSOR');
    expect(err.message).toContain('different sort');
    // same length, wrong type: a views value where _id is expected last
    expect(rejection({ limit: 1, sort: [{ field: 'views', order: 'desc' }], cursor: encodeCursor(['a', 3]) }).code).toBe('AERO_QUERY_INVALID_CURSOR');
  });
});

describe('planner rejections', () => {
  test('no index for a filter field -> AERO_QUERY_UNINDEXED_FIELD naming the index to add', () => {
    const err = rejection({ filter: { title: 'hello' }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.message).toContain('add_index {"name":"title_idx","fields":["title"]}');
    expect(err.details).toMatchObject({ field: 'title', suggested_index: { name: 'title_idx', fields: ['title'] } });
    expect(err.hint).toContain('"op":"add_index"');
  });

  test('the suggestion covers equality fields and the sort', () => {
    const err = rejection({ filter: { title: 'x', published: true }, sort: [{ field: 'created_at', order: 'desc' }], limit: 5 });
    expect(err.details.suggested_index).toEqual({ name: 'published_title_created_at_idx', fields: ['published', 'title', 'created_at'] });
  });

  test('only residual operators ($ne, $exists) cannot bound a scan -> AERO_QUERY_UNBOUNDED', () => {
    const err = rejection({ filter: { status: { $ne: 'draft' } }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNBOUNDED');
    expect(err.details.field).toBe('status');
    expect(rejection({ filter: { views: { $exists: true } }, limit: 5 }).code).toBe('AERO_QUERY_UNBOUNDED');
  });

  test('residual predicates on an unbounded INDEX_ORDER scan are rejected', () => {
    expect(rejection({ filter: { title: 'x' }, sort: [{ field: 'views', order: 'asc' }], limit: 5 }).code).toBe('AERO_QUERY_UNINDEXED_FIELD');
  });

  test('a sort the bounding index cannot serve is rejected naming the index that would', () => {
    const err = rejection({ filter: { status: 'published' }, sort: [{ field: 'created_at', order: 'desc' }], limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.details.field).toBe('created_at');
    expect(err.message).toContain('status_idx');
    expect(err.details.suggested_index).toEqual({ name: 'status_created_at_idx', fields: ['status', 'created_at'] });
  });

  test('a sort on an unindexed field with no filter', () => {
    const err = rejection({ sort: [{ field: 'title', order: 'asc' }], limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.details.suggested_index).toEqual({ name: 'title_idx', fields: ['title'] });
  });

  test('a range with a sort on another field cannot share one index', () => {
    const err = rejection({ filter: { views: { $gt: 1 } }, sort: [{ field: 'created_at', order: 'asc' }], limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.details.suggested_index).toBeNull();
  });

  test('$or: every branch must be bounded', () => {
    const err = rejection({ filter: { $or: [{ status: 'draft' }, { title: 'x' }] }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.message).toMatch(/^\$or branch 2 of 2: /);
    expect(err.details).toMatchObject({ field: 'title', or_branch: 2 });
  });

  test('$or: every branch must return the query order', () => {
    const err = rejection({ filter: { $or: [{ status: 'draft' }, { views: { $gt: 3 } }] }, limit: 5 });
    expect(err.code).toBe('AERO_QUERY_UNINDEXED_FIELD');
    expect(err.message).toContain('differs from the $or merge order (_id asc)');
  });
});
