import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;
const TOTAL = 30;

beforeAll(async () => {
  t = await startTestServer();
  const docs = Array.from({ length: TOTAL }, (_, i) => ({
    _id: `q-${String(i).padStart(2, '0')}`,
    title: `post ${i}`,
    status: i % 3 === 0 ? 'published' : 'draft',
    views: i,
    created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  }));
  const reply = await t.request('POST', '/api/collections/posts', { body: docs });
  expect(reply.status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const q = (params: Record<string, string>) => `/api/collections/posts?${new URLSearchParams(params).toString()}`;

describe('GET /api/collections/:c (list)', () => {
  it('defaults limit to 20 and says so in _meta', async () => {
    const reply = await t.request('GET', '/api/collections/posts');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toHaveLength(20);
    const meta = reply.json._meta;
    expect(meta.limit).toBe(20);
    expect(meta.limit_defaulted).toBe(true);
    expect(typeof meta.next_cursor).toBe('string');
    expect(meta.queries_executed).toBe(1);
    expect(typeof meta.documents_fetched).toBe('number');
    expect(meta.lsn).toBe(t.db.lsn);
    expect(Object.keys(meta)).toEqual(['limit', 'limit_defaulted', 'next_cursor', 'scan', 'index', 'queries_executed', 'documents_fetched', 'lsn']);
  });

  it('filters on an indexed field, reports the plan in _meta, and pages with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params: Record<string, string> = { filter: JSON.stringify({ status: 'published' }), limit: '4' };
      if (cursor) params['cursor'] = cursor;
      const reply = await t.request('GET', q(params));
      expect(reply.status).toBe(200);
      expect(reply.json._meta).toMatchObject({ limit: 4, scan: 'INDEX_EQ', index: 'status_idx', queries_executed: 1 });
      expect(reply.json._meta.limit_defaulted).toBeUndefined();
      for (const doc of reply.json.data) {
        expect(doc.status).toBe('published');
        seen.push(doc._id);
      }
      cursor = reply.json._meta.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(TOTAL / 3);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('sorts with -field, projects with fields, and counts with count=true', async () => {
    const reply = await t.request('GET', q({
      filter: JSON.stringify({ created_at: { $gte: '2026-01-10T00:00:00Z' } }),
      sort: '-created_at',
      limit: '5',
      fields: '_id,created_at',
      count: 'true',
    }));
    expect(reply.status).toBe(200);
    const data = reply.json.data as Array<Record<string, string>>;
    expect(data).toHaveLength(5);
    for (const doc of data) expect(Object.keys(doc).sort()).toEqual(['_id', 'created_at']);
    const times = data.map((d) => d['created_at']!);
    expect([...times].sort().reverse()).toEqual(times);
    expect(reply.json._meta.count).toBe(TOTAL - 9);
    expect(reply.json._meta.index).toBe('created_idx');
  });

  it('rejects an unknown query parameter with 400 AERO_QUERY_UNKNOWN_PARAM naming it', async () => {
    const error = expectError(await t.request('GET', '/api/collections/posts?limt=5'), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    expect(error.message).toContain('"limt"');
    expect(error.details['param']).toBe('limt');
  });

  it('rejects a parameter given twice', async () => {
    const error = expectError(await t.request('GET', '/api/collections/posts?limit=5&limit=6'), 400, 'AERO_QUERY_INVALID');
    expect(error.message).toContain('"limit"');
  });

  it('rejects an unknown filter operator with 400 AERO_QUERY_UNKNOWN_OPERATOR naming it', async () => {
    const reply = await t.request('GET', q({ filter: JSON.stringify({ status: { $regex: 'pub' } }) }));
    const error = expectError(reply, 400, 'AERO_QUERY_UNKNOWN_OPERATOR');
    expect(error.message).toContain('$regex');
  });

  it('rejects a malformed filter with 400 AERO_QUERY_MALFORMED_JSON and the position', async () => {
    const error = expectError(await t.request('GET', q({ filter: '{"status":}' })), 400, 'AERO_QUERY_MALFORMED_JSON');
    expect(error.message).toContain('filter');
    expect(error.message).toContain('position 10');
    expect(error.details).toMatchObject({ position: 10, line: 1, column: 11 });
  });

  it('rejects bad parameter values naming the parameter', async () => {
    expect(expectError(await t.request('GET', q({ filter: '[1]' })), 400, 'AERO_QUERY_INVALID').message).toContain('filter');
    expect(expectError(await t.request('GET', q({ limit: 'ten' })), 400, 'AERO_QUERY_INVALID').message).toContain('limit');
    expect(expectError(await t.request('GET', q({ count: 'yes' })), 400, 'AERO_QUERY_INVALID').message).toContain('count');
    expect(expectError(await t.request('GET', q({ sort: 'created_at,,title' })), 400, 'AERO_QUERY_INVALID').message).toContain('sort');
    expect(expectError(await t.request('GET', q({ sort: '-' })), 400, 'AERO_QUERY_INVALID').message).toContain('sort');
    expect(expectError(await t.request('GET', '/api/collections/posts?cursor='), 400, 'AERO_QUERY_INVALID').message).toContain('cursor');
    expectError(await t.request('GET', q({ cursor: 'not-a-cursor' })), 400, 'AERO_QUERY_INVALID_CURSOR');
  });

  it('rejects a limit above max_limit', async () => {
    expectError(await t.request('GET', q({ limit: '5000' })), 400, 'AERO_QUERY_LIMIT_EXCEEDED');
  });

  it('rejects a filter no index can answer', async () => {
    const reply = await t.request('GET', q({ filter: JSON.stringify({ views: 3 }) }));
    expect(reply.status).toBe(400);
    expect(['AERO_QUERY_UNINDEXED_FIELD', 'AERO_QUERY_UNBOUNDED']).toContain(reply.json.error.code);
    expect(reply.json.error.message).toContain('views');
  });

  it('answers 400 naming a bad expand path and a text_search that is not JSON', async () => {
    expect(expectError(await t.request('GET', q({ expand: 'author_id' })), 400, 'AERO_QUERY_INVALID').message).toContain('author_id');
    expect(expectError(await t.request('GET', q({ text_search: 'hello' })), 400, 'AERO_QUERY_MALFORMED_JSON').message).toContain('text_search');
  });

  it('reads system collections with the service key', async () => {
    const reply = await t.request('GET', '/api/collections/_system.schemas');
    expect(reply.status).toBe(200);
    expect(reply.json.data.map((d: { _id: string }) => d._id)).toContain('posts');
  });
});

describe('POST /api/collections/:c/query', () => {
  it('runs the query object in the body', async () => {
    const reply = await t.request('POST', '/api/collections/posts/query', {
      body: { filter: { status: 'published' }, sort: [{ field: '_id', order: 'desc' }], limit: 3 },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.data.map((d: { _id: string }) => d._id)).toEqual(['q-27', 'q-24', 'q-21']);
    expect(reply.json._meta).toMatchObject({ limit: 3, scan: 'INDEX_EQ', index: 'status_idx' });
  });

  it('accepts sort as "-field" text and defaults the limit (empty body = first page)', async () => {
    const sorted = await t.request('POST', '/api/collections/posts/query', { body: { filter: { status: 'draft' }, sort: '-_id' } });
    expect(sorted.status).toBe(200);
    expect(sorted.json.data[0]._id).toBe('q-29');
    expect(sorted.json._meta).toMatchObject({ limit: 20, limit_defaulted: true });
    const empty = await t.request('POST', '/api/collections/posts/query');
    expect(empty.status).toBe(200);
    expect(empty.json.data).toHaveLength(20);
  });

  it('rejects a non-object query, an unknown key, an unknown operator and a bad expand path', async () => {
    expectError(await t.request('POST', '/api/collections/posts/query', { body: [1] }), 400, 'AERO_QUERY_INVALID');
    const unknown = expectError(await t.request('POST', '/api/collections/posts/query', { body: { filter: {}, limt: 3 } }), 400, 'AERO_QUERY_INVALID');
    expect(unknown.message).toContain('limt');
    expectError(await t.request('POST', '/api/collections/posts/query', { body: { filter: { status: { $like: 'x' } } } }), 400, 'AERO_QUERY_UNKNOWN_OPERATOR');
    expectError(await t.request('POST', '/api/collections/posts/query', { body: { expand: ['author_id'] } }), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('POST', '/api/collections/posts/query?limit=3', { body: {} }), 400, 'AERO_QUERY_UNKNOWN_PARAM');
  });
});

describe('POST /api/collections/:c/explain', () => {
  it('returns the plan without running it', async () => {
    const reply = await t.request('POST', '/api/collections/posts/explain', { body: { filter: { status: 'published' }, limit: 5 } });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toMatchObject({ accepted: true, collection: 'posts', scan: 'INDEX_EQ', index: 'status_idx', limit: 5 });
    expect(reply.json.data.analyze).toBeUndefined();
    expect(Object.keys(reply.json.data).slice(0, 4)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version']);
  });

  it('adds analyze counts with ?analyze=true and defaults the limit like the list route', async () => {
    const reply = await t.request('POST', '/api/collections/posts/explain?analyze=true', { body: { filter: { status: 'published' } } });
    expect(reply.status).toBe(200);
    expect(reply.json.data.limit).toBe(20);
    expect(reply.json.data.analyze).toMatchObject({ documents_returned: TOTAL / 3 });
    expect(reply.json._meta.limit_defaulted).toBe(true);
  });

  it('explains a rejected query as accepted: false with the rejection', async () => {
    const reply = await t.request('POST', '/api/collections/posts/explain', { body: { filter: { views: 1 }, limit: 5 } });
    expect(reply.status).toBe(200);
    expect(reply.json.data.accepted).toBe(false);
    expect(reply.json.data.rejection.code).toMatch(/^AERO_QUERY_/);
  });

  it('rejects a bad analyze value and unknown params', async () => {
    expect(expectError(await t.request('POST', '/api/collections/posts/explain?analyze=maybe', { body: {} }), 400, 'AERO_QUERY_INVALID').message).toContain('analyze');
    expectError(await t.request('POST', '/api/collections/posts/explain?verbose=1', { body: {} }), 400, 'AERO_QUERY_UNKNOWN_PARAM');
  });
});

describe('server-side maxLimit', () => {
  it('rejects a limit above the server option before the engine', async () => {
    const small = await startTestServer({ server: { maxLimit: 10 } });
    try {
      const error = expectError(await small.request('GET', '/api/collections/posts?limit=11'), 400, 'AERO_QUERY_LIMIT_EXCEEDED');
      expect(error.details).toMatchObject({ limit: 11, max_limit: 10 });
      expect((await small.request('GET', '/api/collections/posts?limit=10')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
