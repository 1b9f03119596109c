// REST side of BM25 text search (SPEC §6, §12): the text_search / explain_score parameters and query
// keys, `_score` ranking (the engine's scores, unchanged), and explain's TEXT scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type TestServer } from './server-fixture.js';
import { startRelationsServer, withParams } from './relations-fixture.js';

const SEARCH = { query: 'rust database', index: 'content_search' };
const list = (params: Record<string, string>) => withParams('/api/collections/posts', params);

let t: TestServer;
beforeAll(async () => {
  t = await startRelationsServer();
});
afterAll(async () => {
  await t.close();
});

describe('text_search', () => {
  it('ranks the documents holding every term by _score (desc), with the engine\'s exact scores', async () => {
    const reply = await t.request('GET', list({ text_search: JSON.stringify(SEARCH) }));
    expect(reply.status).toBe(200);
    const data = reply.json.data as Array<{ _id: string; _score: number }>;
    // p1 has both terms in the weighted title; p5 only in a long body; p3/p4 miss a term
    expect(data.map((d) => d._id)).toEqual(['p1', 'p5']);
    expect(data[0]!._score).toBeGreaterThan(data[1]!._score);
    const engine = await t.db.find('posts', { text_search: SEARCH, limit: 20 });
    expect(data.map((d) => d._score)).toEqual(engine.data.map((d) => d['_score']));
    expect(reply.json._meta).toMatchObject({ scan: 'TEXT', index: 'content_search', queries_executed: 1, documents_fetched: 2, next_cursor: null });
  });

  it('combines with filters, fields and expand', async () => {
    const reply = await t.request('GET', list({
      text_search: JSON.stringify({ query: 'Rust', index: 'content_search' }),
      filter: JSON.stringify({ author_id: 'u2' }),
      fields: '_id,title',
      expand: 'author_id',
    }));
    expect(reply.status).toBe(200);
    expect(reply.json.data).toHaveLength(1);
    const [doc] = reply.json.data;
    expect(Object.keys(doc)).toEqual(['_id', 'title', '_score', '_expanded']);
    expect(doc._id).toBe('p4');
    expect(doc._expanded.author_id._id).toBe('u2');
    expect(reply.json._meta).toMatchObject({ scan: 'TEXT', queries_executed: 2, documents_fetched: 2, expanded_hidden: 0 });
  });

  it('pages with the cursor in score order, and counts', async () => {
    const first = await t.request('GET', list({ text_search: JSON.stringify({ query: 'rust', index: 'content_search' }), limit: '2', count: 'true' }));
    expect(first.json._meta.count).toBe(3);
    const second = await t.request('GET', list({ text_search: JSON.stringify({ query: 'rust', index: 'content_search' }), limit: '2', cursor: first.json._meta.next_cursor }));
    const ids = [...first.json.data, ...second.json.data].map((d: { _id: string }) => d._id);
    expect(new Set(ids)).toEqual(new Set(['p1', 'p4', 'p5']));
    expect(second.json._meta.next_cursor).toBeNull();
    const scores = [...first.json.data, ...second.json.data].map((d: { _score: number }) => d._score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('explain_score=true adds per-term contributions that sum to _score', async () => {
    const reply = await t.request('GET', list({ text_search: JSON.stringify(SEARCH), explain_score: 'true' }));
    expect(reply.status).toBe(200);
    for (const doc of reply.json.data) {
      const explain = doc._score_explain;
      expect(explain.score).toBe(doc._score);
      expect(explain).toMatchObject({ ranking: 'bm25', k1: 1.2, b: 0.75 });
      expect(explain.terms.map((term: { term: string }) => term.term)).toEqual(['rust', 'databas']);
      for (const term of explain.terms) {
        expect(term.idf).toBeGreaterThan(0);
        for (const field of term.fields) expect(['title', 'body']).toContain(field.field);
      }
    }
    const plain = await t.request('GET', list({ text_search: JSON.stringify(SEARCH), explain_score: 'false' }));
    expect('_score_explain' in plain.json.data[0]).toBe(false);
  });

  it('works in the POST /query body, with explain_score', async () => {
    const reply = await t.request('POST', '/api/collections/posts/query', { body: { text_search: SEARCH, explain_score: true, limit: 1 } });
    expect(reply.status).toBe(200);
    expect(reply.json.data.map((d: { _id: string }) => d._id)).toEqual(['p1']);
    expect(reply.json.data[0]._score_explain.score).toBe(reply.json.data[0]._score);
    expect(typeof reply.json._meta.next_cursor).toBe('string');
  });

  it('explain shows scan TEXT with the analysed terms', async () => {
    const reply = await t.request('POST', '/api/collections/posts/explain', { body: { text_search: { query: 'Running databases', index: 'content_search' }, filter: { status: 'published' } } });
    expect(reply.status).toBe(200);
    const plan = reply.json.data;
    expect(plan).toMatchObject({ accepted: true, scan: 'TEXT', index: 'content_search', index_fields: ['title', 'body'] });
    expect(plan.text).toMatchObject({ query: 'Running databases', terms: ['run', 'databas'], language: 'english', ranking: 'bm25' });
    expect(plan.residual).toEqual([{ field: 'status', op: 'eq', value: 'published' }]);
    expect(reply.json._meta).toEqual({ lsn: t.db.lsn, limit_defaulted: true });
    const analyzed = await t.request('POST', '/api/collections/posts/explain?analyze=true', { body: { text_search: SEARCH } });
    expect(analyzed.json.data.analyze.documents_returned).toBe(2);
  });

  it('rejects bad text_search values with a 400 naming the problem', async () => {
    const notJson = expectError(await t.request('GET', list({ text_search: 'rust database' })), 400, 'AERO_QUERY_MALFORMED_JSON');
    expect(notJson.message).toContain('text_search');
    expect(expectError(await t.request('GET', list({ text_search: '["rust"]' })), 400, 'AERO_QUERY_INVALID').message).toContain('text_search');
    const unknownIndex = expectError(await t.request('GET', list({ text_search: JSON.stringify({ query: 'rust', index: 'status_created' }) })), 400, 'AERO_QUERY_INVALID');
    expect(unknownIndex.message).toContain('status_created');
    expectError(await t.request('GET', list({ text_search: JSON.stringify({ query: 'rust', index: 'content_search', fuzzy: true }) })), 400, 'AERO_QUERY_INVALID');
    expect(expectError(await t.request('GET', list({ text_search: JSON.stringify({ query: 'the and of', index: 'content_search' }) })), 400, 'AERO_QUERY_INVALID').message).toBeTruthy();
    expect(expectError(await t.request('GET', list({ text_search: JSON.stringify(SEARCH), sort: '-created_at' })), 400, 'AERO_QUERY_INVALID').message).toContain('sort');
    expect(expectError(await t.request('GET', list({ explain_score: 'true' })), 400, 'AERO_QUERY_INVALID').message).toContain('text_search');
    expect(expectError(await t.request('GET', list({ text_search: JSON.stringify(SEARCH), explain_score: 'yes' })), 400, 'AERO_QUERY_INVALID').message).toContain('explain_score');
  });

  it('a write is searchable by the next request', async () => {
    await t.request('POST', '/api/collections/posts', {
      body: { _id: 'p7', title: 'Embedded database in Rust', status: 'draft', created_at: '2026-02-01T00:00:00Z', author_id: 'u3' },
    });
    const reply = await t.request('GET', list({ text_search: JSON.stringify(SEARCH), filter: JSON.stringify({ status: 'draft' }) }));
    expect(reply.json.data.map((d: { _id: string }) => d._id)).toEqual(['p7']);
    await t.request('DELETE', '/api/collections/posts/p7');
    const after = await t.request('GET', list({ text_search: JSON.stringify(SEARCH), filter: JSON.stringify({ status: 'draft' }) }));
    expect(after.json.data).toEqual([]);
  });
});
