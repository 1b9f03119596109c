// REST side of declared references (SPEC §6, §12): expand with exact cost in `_meta`, the on_delete
// outcome of DELETE, and the reference error envelopes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, KEYS, type TestServer } from './server-fixture.js';
import { startRelationsServer, withParams } from './relations-fixture.js';

type Expanded = Record<string, any>;

describe('expand (read-only)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startRelationsServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET list ?expand=author_id: one batched lookup, exact cost, the field kept', async () => {
    const reply = await t.request('GET', withParams('/api/collections/posts', { filter: JSON.stringify({ status: 'published' }), expand: 'author_id' }));
    expect(reply.status).toBe(200);
    const data = reply.json.data as Expanded[];
    expect(data.map((d) => [d._id, d.author_id, d._expanded.author_id._id]).sort()).toEqual([
      ['p1', 'u1', 'u1'], ['p3', 'u2', 'u2'], ['p4', 'u2', 'u2'], ['p5', 'u1', 'u1'],
    ]);
    expect(data[0]!._expanded.author_id).toMatchObject({ email: expect.any(String), name: expect.any(String) });
    // main query + 1 lookup; 4 posts + 2 distinct authors
    expect(reply.json._meta).toMatchObject({ queries_executed: 2, documents_fetched: 6, expanded_hidden: 0, scan: 'INDEX_EQ', index: 'status_created' });
    expect(Object.keys(reply.json._meta)).toEqual(['limit', 'limit_defaulted', 'next_cursor', 'scan', 'index', 'queries_executed', 'documents_fetched', 'expanded_hidden', 'lsn']);
  });

  it('GET list without expand has no expanded_hidden and counts only the page', async () => {
    const reply = await t.request('GET', withParams('/api/collections/posts', { filter: JSON.stringify({ status: 'published' }), limit: '2' }));
    expect(reply.json.data.every((d: Expanded) => !('_expanded' in d))).toBe(true);
    expect(reply.json._meta.queries_executed).toBe(1);
    expect(reply.json._meta.documents_fetched).toBe(2);
    expect('expanded_hidden' in reply.json._meta).toBe(false);
  });

  it('GET one ?expand=author_id,comments.author_id nests and counts every path node', async () => {
    const reply = await t.request('GET', '/api/collections/posts/p1?expand=author_id,comments.author_id');
    expect(reply.status).toBe(200);
    const doc = reply.json.data as Expanded;
    expect(doc.author_id).toBe('u1');
    expect(doc._expanded.author_id._id).toBe('u1');
    expect(doc._expanded.comments.map((c: Expanded) => [c._id, c._expanded.author_id._id])).toEqual([['c1', 'u2'], ['c2', 'u3']]);
    expect(Object.keys(doc._expanded)).toEqual(['author_id', 'comments']);
    // queries: main + author_id + comments + comments.author_id; docs: p1 + u1 + c1, c2 + u2, u3
    expect(reply.json._meta).toEqual({ queries_executed: 4, documents_fetched: 6, expanded_hidden: 0, lsn: t.db.lsn });
  });

  it('GET one without expand reports the cost of the one lookup', async () => {
    const reply = await t.request('GET', '/api/collections/posts/p2');
    expect(reply.json._meta).toEqual({ queries_executed: 1, documents_fetched: 1, lsn: t.db.lsn });
  });

  it('POST /query takes expand in the body; a null reference costs no lookup', async () => {
    const reply = await t.request('POST', '/api/collections/posts/query', {
      body: { filter: { _id: { $in: ['p3', 'p4'] } }, expand: ['editor_id', 'comments'], fields: ['_id', 'title'] },
    });
    expect(reply.status).toBe(200);
    const [p3, p4] = reply.json.data as Expanded[];
    // fields may leave the reference out: expand reads it from the stored document
    expect(Object.keys(p3!)).toEqual(['_id', 'title', '_expanded']);
    expect(p3!._expanded.editor_id._id).toBe('u4');
    expect(p4!._expanded.editor_id).toBeNull();
    expect(p3!._expanded.comments.map((c: Expanded) => c._id)).toEqual(['c3']);
    expect(p4!._expanded.comments.map((c: Expanded) => c._id)).toEqual(['c4']);
    // main + editor_id (u4 only) + comments; 2 posts + u4 + c3, c4
    expect(reply.json._meta).toMatchObject({ queries_executed: 3, documents_fetched: 5, expanded_hidden: 0 });
  });

  it('a reverse reference expands from the list route, each parent read once', async () => {
    const reply = await t.request('GET', withParams('/api/collections/posts', { filter: JSON.stringify({ _id: { $in: ['p1', 'p2', 'p3'] } }), expand: 'comments' }));
    expect(reply.status).toBe(200);
    expect((reply.json.data as Expanded[]).map((d) => [d._id, d._expanded.comments.map((c: Expanded) => c._id)])).toEqual([
      ['p1', ['c1', 'c2']], ['p2', []], ['p3', ['c3']],
    ]);
    // main + comments; 3 posts + 3 comments
    expect(reply.json._meta).toMatchObject({ scan: 'PK_LOOKUP', queries_executed: 2, documents_fetched: 6, expanded_hidden: 0 });
  });

  it('a field that is not a reference cannot be expanded', async () => {
    const error = expectError(await t.request('GET', withParams('/api/collections/users', { expand: 'name' })), 400, 'AERO_QUERY_INVALID');
    expect(error.message).toContain('users.name');
  });

  it('a path deeper than expand_max_depth is a 400 naming it', async () => {
    const error = expectError(await t.request('GET', '/api/collections/comments/c1?expand=post_id.author_id,post_id.comments.author_id'), 400, 'AERO_QUERY_INVALID');
    expect(error.message).toContain('post_id.comments.author_id');
    expect(error.message).toContain('expand_max_depth');
    expect(JSON.stringify(error.details)).toContain('post_id.comments.author_id');
    expect(JSON.stringify(error.details)).not.toContain('"post_id.author_id"');
    // two levels are fine
    const ok = await t.request('GET', '/api/collections/comments/c1?expand=post_id.author_id');
    expect(ok.status).toBe(200);
    expect(ok.json.data._expanded.post_id._expanded.author_id._id).toBe('u1');
    expect(ok.json._meta).toMatchObject({ queries_executed: 3, documents_fetched: 3 });
  });

  it('unknown and undeclared paths are one 400 naming each of them, on every route', async () => {
    const list = expectError(await t.request('GET', withParams('/api/collections/posts', { expand: 'writer,title,author_id' })), 400, 'AERO_QUERY_INVALID');
    expect(list.message).toContain('writer');
    expect(list.message).toContain('title');
    expect(list.details['paths']).toBeDefined();
    expect(JSON.stringify(list.details['paths'])).not.toContain('"author_id"');
    const one = expectError(await t.request('GET', '/api/collections/posts/p1?expand=writer'), 400, 'AERO_QUERY_INVALID');
    expect(one.message).toContain('writer');
    const body = expectError(await t.request('POST', '/api/collections/posts/query', { body: { expand: ['author_id.nope'] } }), 400, 'AERO_QUERY_INVALID');
    expect(body.message).toContain('author_id.nope');
  });

  it('rejects malformed expand parameters and bodies', async () => {
    expectError(await t.request('GET', '/api/collections/posts?expand=author_id,,comments'), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('GET', '/api/collections/posts/p1?expand='), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('GET', '/api/collections/posts/p1?expand=author_id&expand=comments'), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('POST', '/api/collections/posts/query', { body: { expand: 'author_id' } }), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('GET', '/api/collections/posts/p1?expnd=author_id'), 400, 'AERO_QUERY_UNKNOWN_PARAM');
  });

  it('the anon key reads public posts, but expanded users (read: authenticated) are hidden and counted', async () => {
    const reply = await t.request('GET', '/api/collections/posts/p1?expand=author_id', { key: KEYS.anon });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.data._expanded.author_id).toBeNull();
    expect(reply.json._meta.expanded_hidden).toBe(1);
  });
});

describe('writes and deletes with references', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startRelationsServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('DELETE reports what cascaded in _meta, and the cascaded documents are gone', async () => {
    const reply = await t.request('DELETE', '/api/collections/posts/p1');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ data: { _id: 'p1' }, _meta: { lsn: t.db.lsn, cascaded: { comments: 2 }, set_null: {} } });
    expectError(await t.request('GET', '/api/collections/comments/c1'), 404, 'AERO_NOT_FOUND');
    expectError(await t.request('GET', '/api/collections/comments/c2'), 404, 'AERO_NOT_FOUND');
    expect((await t.request('GET', '/api/collections/comments/c3')).status).toBe(200);
  });

  it('DELETE of an unreferenced document reports empty counts', async () => {
    const reply = await t.request('DELETE', '/api/collections/comments/c1');
    expect(reply.json._meta).toEqual({ lsn: t.db.lsn, cascaded: {}, set_null: {} });
  });

  it('DELETE reports set_null counts and clears the reference', async () => {
    const reply = await t.request('DELETE', '/api/collections/users/u4');
    expect(reply.status).toBe(200);
    expect(reply.json._meta).toEqual({ lsn: t.db.lsn, cascaded: {}, set_null: { posts: 1 } });
    expect((await t.request('GET', '/api/collections/posts/p3')).json.data.editor_id).toBeNull();
  });

  it('restrict is a 409 envelope naming the referencing collection and count; nothing is deleted', async () => {
    const lsn = t.db.lsn;
    const error = expectError(await t.request('DELETE', '/api/collections/users/u3'), 409, 'AERO_REFERENCE_RESTRICT');
    expect(error.message).toContain('comments');
    expect(error.message).toContain('u3');
    expect(error.details).toMatchObject({ collection: 'users', _id: 'u3', count: 2 });
    expect(error.details['referencing']).toEqual([expect.objectContaining({ collection: 'comments', field: 'author_id', count: 2 })]);
    expect(error.hint.length).toBeGreaterThan(0);
    expect(t.db.lsn).toBe(lsn);
    expect((await t.request('GET', '/api/collections/users/u3')).status).toBe(200);
    // once the referencing comments go (one directly, one by cascade), the delete goes through
    await t.request('DELETE', '/api/collections/comments/c4');
    expect((await t.request('DELETE', '/api/collections/posts/p1')).json._meta.cascaded).toEqual({ comments: 2 });
    expect((await t.request('DELETE', '/api/collections/users/u3')).status).toBe(200);
  });

  it('insert with a missing target is a 400 naming field and target; nothing is inserted', async () => {
    const lsn = t.db.lsn;
    const error = expectError(await t.request('POST', '/api/collections/posts', {
      body: { _id: 'p9', title: 'x', status: 'draft', created_at: '2026-02-01T00:00:00Z', author_id: 'nobody' },
    }), 400, 'AERO_REFERENCE_MISSING');
    expect(error.message).toContain('author_id');
    expect(error.message).toContain('nobody');
    expect(error.details).toMatchObject({ collection: 'posts', _id: 'p9', field: 'author_id', target_collection: 'users', target_id: 'nobody' });
    expect(t.db.lsn).toBe(lsn);
    expectError(await t.request('GET', '/api/collections/posts/p9'), 404, 'AERO_NOT_FOUND');
  });

  it('a bulk insert with one missing target inserts nothing and names the document', async () => {
    const lsn = t.db.lsn;
    const error = expectError(await t.request('POST', '/api/collections/comments', {
      body: [
        { _id: 'c8', post_id: 'p2', author_id: 'u1', body: 'ok', created_at: '2026-02-01T00:00:00Z' },
        { _id: 'c9', post_id: 'p404', author_id: 'u1', body: 'dangling', created_at: '2026-02-01T00:00:00Z' },
      ],
    }), 400, 'AERO_REFERENCE_MISSING');
    expect(error.details).toMatchObject({ _id: 'c9', field: 'post_id', target_id: 'p404', index: 1 });
    expect(t.db.lsn).toBe(lsn);
    expectError(await t.request('GET', '/api/collections/comments/c8'), 404, 'AERO_NOT_FOUND');
  });

  it('PATCH and PUT to a missing target are 400 and change nothing', async () => {
    expectError(await t.request('PATCH', '/api/collections/posts/p2', { body: { author_id: 'ghost' } }), 400, 'AERO_REFERENCE_MISSING');
    expectError(await t.request('PUT', '/api/collections/posts/p2?on_conflict=merge', { body: { editor_id: 'ghost' } }), 400, 'AERO_REFERENCE_MISSING');
    const p2 = (await t.request('GET', '/api/collections/posts/p2')).json.data;
    expect(p2.author_id).toBe('u1');
    expect('editor_id' in p2).toBe(false);
  });
});
