// GET /api/projections/:name and POST /api/projections/:name/explain (SPEC §6, §12): the template's
// published_posts projection (_id, title, created_at, author_id where status = published).
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, KEYS, type TestServer } from './server-fixture.js';
import { startRelationsServer, withParams } from './relations-fixture.js';

const projection = (params: Record<string, string> = {}) => withParams('/api/projections/published_posts', params);
const DECLARED = ['_id', 'title', 'created_at', 'author_id'];

let t: TestServer;
beforeAll(async () => {
  t = await startRelationsServer();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/projections/:name', () => {
  it('returns only published posts and only the declared fields, with list _meta', async () => {
    const reply = await t.request('GET', '/api/projections/published_posts');
    expect(reply.status).toBe(200);
    const data = reply.json.data as Array<Record<string, unknown>>;
    expect(data.map((d) => d['_id']).sort()).toEqual(['p1', 'p3', 'p4', 'p5']);
    for (const doc of data) expect(Object.keys(doc).sort()).toEqual([...DECLARED].sort());
    expect(reply.json._meta).toMatchObject({ limit: 20, limit_defaulted: true, next_cursor: null, scan: 'INDEX_EQ', index: 'status_created', queries_executed: 1, documents_fetched: 4 });
    expect(reply.json._meta.lsn).toBe(t.db.lsn);
  });

  it('applies the caller filter AND the projection filter, sorts and pages with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const params: Record<string, string> = { sort: '-created_at', limit: '3' };
      if (cursor) params['cursor'] = cursor;
      const reply = await t.request('GET', projection(params));
      expect(reply.status).toBe(200);
      seen.push(...reply.json.data.map((d: { _id: string }) => d._id));
      cursor = reply.json._meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['p5', 'p4', 'p3', 'p1']);
    const byAuthor = await t.request('GET', projection({ filter: JSON.stringify({ author_id: 'u1' }), count: 'true' }));
    expect(byAuthor.json.data.map((d: { _id: string }) => d._id)).toEqual(['p1', 'p5']); // p2 is u1's draft
    expect(byAuthor.json._meta).toMatchObject({ count: 2, index: 'author_created' });
  });

  it('selects fields and expands declared references', async () => {
    const reply = await t.request('GET', projection({ filter: JSON.stringify({ author_id: 'u2' }), fields: 'title', expand: 'author_id' }));
    expect(reply.status).toBe(200);
    expect(reply.json.data.map((d: Record<string, any>) => [Object.keys(d), d._expanded.author_id.name])).toEqual([
      [['_id', 'title', '_expanded'], 'Bob'],
      [['_id', 'title', '_expanded'], 'Bob'],
    ]);
    // main + author_id; 2 posts + u2
    expect(reply.json._meta).toMatchObject({ queries_executed: 2, documents_fetched: 3, expanded_hidden: 0 });
  });

  it('rejects fields the projection does not declare, naming them', async () => {
    const filter = expectError(await t.request('GET', projection({ filter: JSON.stringify({ body: 'x' }) })), 400, 'AERO_QUERY_INVALID');
    expect(filter.message).toContain('"body"');
    expect(filter.message).toContain('published_posts');
    expect(expectError(await t.request('GET', projection({ fields: '_id,status' })), 400, 'AERO_QUERY_INVALID').message).toContain('"status"');
    expect(expectError(await t.request('GET', projection({ sort: 'status' })), 400, 'AERO_QUERY_INVALID').message).toContain('"status"');
    // comments is a reverse reference of posts, but the projection does not list it
    expect(expectError(await t.request('GET', projection({ expand: 'comments' })), 400, 'AERO_QUERY_INVALID').message).toContain('comments');
  });

  it('an unknown projection is a 404 naming it and listing the known ones', async () => {
    const error = expectError(await t.request('GET', '/api/projections/draft_posts'), 404, 'AERO_SCHEMA_UNKNOWN_PROJECTION');
    expect(error.message).toContain('draft_posts');
    expect(error.details).toEqual({ projection: 'draft_posts', known: ['published_posts'] });
  });

  it('keeps the strict parameter rules of lists', async () => {
    expect(expectError(await t.request('GET', projection({ limt: '3' })), 400, 'AERO_QUERY_UNKNOWN_PARAM').message).toContain('limt');
    const search = expectError(await t.request('GET', projection({ text_search: JSON.stringify({ query: 'rust', index: 'content_search' }) })), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    expect(search.details['allowed']).toEqual(['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand']);
    expectError(await t.request('GET', '/api/projections/published_posts?limit=2&limit=3'), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('GET', projection({ limit: 'ten' })), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('GET', projection({ limit: '5000' })), 400, 'AERO_QUERY_LIMIT_EXCEEDED');
    expectError(await t.request('GET', projection({ filter: '{"author_id":' })), 400, 'AERO_QUERY_MALFORMED_JSON');
    expectError(await t.request('GET', projection({ filter: JSON.stringify({ author_id: { $regex: 'u' } }) })), 400, 'AERO_QUERY_UNKNOWN_OPERATOR');
    expectError(await t.request('GET', projection({ cursor: 'abc' })), 400, 'AERO_QUERY_INVALID_CURSOR');
    expectError(await t.request('DELETE', '/api/projections/published_posts'), 405, 'AERO_QUERY_METHOD_NOT_ALLOWED');
  });

  it('needs a key; the anon key reads it under the source collection\'s read policy (posts: public)', async () => {
    expectError(await t.request('GET', '/api/projections/published_posts', { key: null }), 401, 'AERO_AUTH_REQUIRED');
    const anon = await t.request('GET', '/api/projections/published_posts', { key: KEYS.anon });
    expect(anon.status, anon.text).toBe(200);
    expect(anon.json.data.length).toBeGreaterThan(0);
    // no key learns nothing about which projections exist
    expectError(await t.request('GET', '/api/projections/nope', { key: null }), 401, 'AERO_AUTH_REQUIRED');
  });
});

describe('POST /api/projections/:name/explain', () => {
  it('shows the projection filter merged into the plan', async () => {
    const reply = await t.request('POST', '/api/projections/published_posts/explain', { body: { filter: { author_id: 'u1' }, limit: 5 } });
    expect(reply.status).toBe(200);
    const plan = reply.json.data;
    expect(Object.keys(plan).slice(0, 3)).toEqual(['accepted', 'collection', 'projection']);
    expect(plan).toMatchObject({ accepted: true, collection: 'posts', projection: 'published_posts', scan: 'INDEX_EQ', index: 'author_created', limit: 5 });
    expect(plan.bounds).toEqual({ author_id: { eq: 'u1' } });
    expect(plan.residual).toEqual([{ field: 'status', op: 'eq', value: 'published' }]);
    expect(reply.json._meta).toEqual({ lsn: t.db.lsn });
  });

  it('defaults the limit, analyzes on request, and 404s an unknown projection', async () => {
    const reply = await t.request('POST', '/api/projections/published_posts/explain?analyze=true');
    expect(reply.json._meta).toMatchObject({ limit_defaulted: true });
    expect(reply.json.data.analyze.documents_returned).toBe(4);
    expectError(await t.request('POST', '/api/projections/nope/explain'), 404, 'AERO_SCHEMA_UNKNOWN_PROJECTION');
    expectError(await t.request('POST', '/api/projections/published_posts/explain?analyze=maybe'), 400, 'AERO_QUERY_INVALID');
  });
});

describe('OpenAPI', () => {
  it('lists the projection routes with a schema of only the declared fields, and stays valid', async () => {
    const doc = (await t.request('GET', '/api/openapi.json', { key: null })).json;
    expect((await new Validator().validate(doc)).valid).toBe(true);
    expect(Object.keys(doc.paths['/api/projections/published_posts'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/projections/published_posts/explain'])).toEqual(['post']);
    const params = doc.paths['/api/projections/published_posts'].get.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop());
    expect(params).toEqual(['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand']);
    const schema = doc.components.schemas['projections.published_posts'];
    expect(Object.keys(schema.properties)).toEqual([...DECLARED, '_expanded']);
    expect(schema.required).toEqual(['_id', 'title', 'created_at', 'author_id']);
    expect(schema.properties.author_id['x-aerodb-reference']).toMatchObject({ collection: 'users' });
    // collection lists take the new parameters; documents describe what reads add
    const listParams = doc.paths['/api/collections/posts'].get.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop());
    expect(listParams).toEqual(['filter', 'sort', 'limit', 'cursor', 'fields', 'count', 'expand', 'text_search', 'explain_score']);
    expect(Object.keys(doc.components.schemas['posts'].properties)).toEqual(expect.arrayContaining(['_expanded', '_score', '_score_explain']));
    expect(Object.keys(doc.components.schemas['users'].properties)).not.toContain('_score');
    expect(doc.components.schemas['ListMeta'].properties.scan.enum).toContain('TEXT');
    expect(Object.keys(doc.components.schemas['WriteMeta'].properties)).toEqual(expect.arrayContaining(['cascaded', 'set_null']));
  });
});
