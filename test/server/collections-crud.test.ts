import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/collections/:c (insert)', () => {
  it('inserts one document, generates _id, answers 201 with _meta.lsn', async () => {
    const reply = await t.request('POST', '/api/collections/posts', { body: { title: 'Hello', status: 'draft' } });
    expect(reply.status).toBe(201);
    expect(reply.json.data).toMatchObject({ title: 'Hello', status: 'draft' });
    expect(typeof reply.json.data._id).toBe('string');
    expect(reply.json._meta.lsn).toBeGreaterThan(0);
    expect(reply.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('keeps a client _id, and a second insert with it is 409 AERO_VALIDATION_DUPLICATE_ID', async () => {
    const first = await t.request('POST', '/api/collections/posts', { body: { _id: 'dup-1', title: 'A', status: 'draft' } });
    expect(first.status).toBe(201);
    expect(first.json.data._id).toBe('dup-1');
    const again = await t.request('POST', '/api/collections/posts', { body: { _id: 'dup-1', title: 'B', status: 'draft' } });
    const error = expectError(again, 409, 'AERO_VALIDATION_DUPLICATE_ID');
    expect(error.message).toContain('dup-1');
  });

  it('rejects a document that breaks the schema with 400 AERO_VALIDATION_FAILED naming the field', async () => {
    const reply = await t.request('POST', '/api/collections/posts', { body: { title: 'x', status: 'archived' } });
    const error = expectError(reply, 400, 'AERO_VALIDATION_FAILED');
    expect(JSON.stringify(error)).toContain('status');
  });

  it('rejects undeclared fields', async () => {
    const reply = await t.request('POST', '/api/collections/posts', { body: { title: 'x', status: 'draft', color: 'red' } });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.json.error)).toContain('color');
  });

  it('rejects a body that is neither an object nor an array', async () => {
    const reply = await t.request('POST', '/api/collections/posts', { body: 42 });
    expectError(reply, 400, 'AERO_VALIDATION_FAILED');
  });

  it('answers 404 AERO_SCHEMA_UNKNOWN_COLLECTION for a collection that does not exist', async () => {
    const reply = await t.request('POST', '/api/collections/nope', { body: { title: 'x' } });
    const error = expectError(reply, 404, 'AERO_SCHEMA_UNKNOWN_COLLECTION');
    expect(error.message).toContain('nope');
  });

  it('refuses writes to system collections with 403 AERO_QUERY_READ_ONLY', async () => {
    const reply = await t.request('POST', '/api/collections/_system.migrations', { body: { version: '999' } });
    expectError(reply, 403, 'AERO_QUERY_READ_ONLY');
  });
});

describe('bulk insert (array body)', () => {
  it('inserts every document in one unit and reports how many', async () => {
    const reply = await t.request('POST', '/api/collections/posts', {
      body: [
        { _id: 'bulk-1', title: 'one', status: 'draft' },
        { _id: 'bulk-2', title: 'two', status: 'published' },
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.json.data.map((d: { _id: string }) => d._id)).toEqual(['bulk-1', 'bulk-2']);
    expect(reply.json._meta).toMatchObject({ inserted: 2 });
    expect(reply.json._meta.lsn).toBeGreaterThan(0);
  });

  it('is atomic: one bad document means nothing is inserted, and the error names its index', async () => {
    const before = t.db.stats().collections.find((c) => c.name === 'posts')!.documents;
    const reply = await t.request('POST', '/api/collections/posts', {
      body: [
        { _id: 'atomic-1', title: 'fine', status: 'draft' },
        { _id: 'atomic-2', title: 'bad', status: 'nope' },
        { _id: 'atomic-3', title: 'fine too', status: 'draft' },
      ],
    });
    const error = expectError(reply, 400, 'AERO_VALIDATION_FAILED');
    expect(error.message).toContain('#1');
    expect(t.db.stats().collections.find((c) => c.name === 'posts')!.documents).toBe(before);
    expectError(await t.request('GET', '/api/collections/posts/atomic-1'), 404, 'AERO_NOT_FOUND');
  });

  it('is atomic on duplicate _ids inside the batch', async () => {
    const reply = await t.request('POST', '/api/collections/posts', {
      body: [
        { _id: 'same', title: 'a', status: 'draft' },
        { _id: 'same', title: 'b', status: 'draft' },
      ],
    });
    expectError(reply, 409, 'AERO_VALIDATION_DUPLICATE_ID');
    expectError(await t.request('GET', '/api/collections/posts/same'), 404, 'AERO_NOT_FOUND');
  });

  it('rejects an empty array', async () => {
    expectError(await t.request('POST', '/api/collections/posts', { body: [] }), 400, 'AERO_VALIDATION_FAILED');
  });
});

describe('GET /api/collections/:c/:id', () => {
  it('returns the document with _meta.lsn', async () => {
    await t.request('POST', '/api/collections/posts', { body: { _id: 'get-1', title: 'Get me', status: 'published', views: 3 } });
    const reply = await t.request('GET', '/api/collections/posts/get-1');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ _id: 'get-1', title: 'Get me', status: 'published', views: 3 });
    expect(reply.json._meta.lsn).toBe(t.db.lsn);
  });

  it('answers 404 AERO_NOT_FOUND naming the _id and the collection', async () => {
    const error = expectError(await t.request('GET', '/api/collections/posts/missing-doc'), 404, 'AERO_NOT_FOUND');
    expect(error.message).toContain('missing-doc');
    expect(error.details).toEqual({ collection: 'posts', _id: 'missing-doc' });
  });

  it('decodes URL-encoded ids', async () => {
    await t.request('POST', '/api/collections/posts', { body: { _id: 'a b/c', title: 't', status: 'draft' } });
    const reply = await t.request('GET', `/api/collections/posts/${encodeURIComponent('a b/c')}`);
    expect(reply.status).toBe(200);
    expect(reply.json.data._id).toBe('a b/c');
  });

  it('answers 400 for an expand path that is not a reference, and for unknown params', async () => {
    const expand = expectError(await t.request('GET', '/api/collections/posts/get-1?expand=author_id'), 400, 'AERO_QUERY_INVALID');
    expect(expand.message).toContain('author_id');
    const unknown = expectError(await t.request('GET', '/api/collections/posts/get-1?fieldz=_id'), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    expect(unknown.message).toContain('fieldz');
  });
});

describe('PUT /api/collections/:c/:id (upsert)', () => {
  it('creates with 201 when the document does not exist (default on_conflict=replace)', async () => {
    const reply = await t.request('PUT', '/api/collections/posts/up-1', { body: { title: 'v1', status: 'draft', views: 1 } });
    expect(reply.status).toBe(201);
    expect(reply.json.data).toEqual({ _id: 'up-1', title: 'v1', status: 'draft', views: 1 });
    expect(reply.json._meta).toMatchObject({ created: true, on_conflict: 'replace' });
    expect(reply.json._meta.lsn).toBeGreaterThan(0);
  });

  it('replaces with 200 (fields not sent are gone)', async () => {
    const reply = await t.request('PUT', '/api/collections/posts/up-1?on_conflict=replace', { body: { title: 'v2', status: 'published' } });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ _id: 'up-1', title: 'v2', status: 'published' });
    expect(reply.json._meta.created).toBe(false);
  });

  it('merges with 200 on on_conflict=merge (fields not sent are kept)', async () => {
    const reply = await t.request('PUT', '/api/collections/posts/up-1?on_conflict=merge', { body: { views: 9 } });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ _id: 'up-1', title: 'v2', status: 'published', views: 9 });
  });

  it('answers 409 AERO_QUERY_CONFLICT on on_conflict=error when it exists, 201 when it does not', async () => {
    expectError(await t.request('PUT', '/api/collections/posts/up-1?on_conflict=error', { body: { title: 'x', status: 'draft' } }), 409, 'AERO_QUERY_CONFLICT');
    const created = await t.request('PUT', '/api/collections/posts/up-2?on_conflict=error', { body: { title: 'x', status: 'draft' } });
    expect(created.status).toBe(201);
  });

  it('rejects an unknown on_conflict value naming the parameter', async () => {
    const error = expectError(await t.request('PUT', '/api/collections/posts/up-1?on_conflict=overwrite', { body: { title: 'x', status: 'draft' } }), 400, 'AERO_QUERY_INVALID');
    expect(error.message).toContain('on_conflict');
    expect(error.message).toContain('overwrite');
  });

  it('rejects a body _id that differs from the path', async () => {
    expectError(await t.request('PUT', '/api/collections/posts/up-1', { body: { _id: 'other', title: 'x', status: 'draft' } }), 400, 'AERO_VALIDATION_ID_MISMATCH');
  });
});

describe('PATCH and DELETE', () => {
  it('PATCH lays the given top-level fields over the existing document', async () => {
    await t.request('POST', '/api/collections/posts', { body: { _id: 'p-1', title: 'orig', status: 'draft', views: 1, meta: { lang: 'en' } } });
    const reply = await t.request('PATCH', '/api/collections/posts/p-1', { body: { status: 'published', meta: { draft_of: 'x' } } });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ _id: 'p-1', title: 'orig', status: 'published', views: 1, meta: { draft_of: 'x' } });
    expect(reply.json._meta.lsn).toBeGreaterThan(0);
  });

  it('GET by id and lists show the new version of a document after each write (served texts are per version)', async () => {
    await t.request('POST', '/api/collections/posts', { body: { _id: 'v-1', title: 'one', status: 'draft' } });
    const read = async () => (await t.request('GET', '/api/collections/posts/v-1')).json.data.title;
    const listed = async () => (await t.request('GET', `/api/collections/posts?filter=${encodeURIComponent('{"_id":"v-1"}')}`)).json.data[0].title;
    expect([await read(), await read(), await listed()]).toEqual(['one', 'one', 'one']);
    await t.request('PATCH', '/api/collections/posts/v-1', { body: { title: 'two' } });
    expect([await read(), await listed()]).toEqual(['two', 'two']);
    await t.request('PUT', '/api/collections/posts/v-1', { body: { title: 'three', status: 'draft' } });
    expect([await read(), await listed()]).toEqual(['three', 'three']);
    await t.request('DELETE', '/api/collections/posts/v-1');
    expectError(await t.request('GET', '/api/collections/posts/v-1'), 404, 'AERO_NOT_FOUND');
  });

  it('PATCH of a missing document is 404, an invalid patch is 400', async () => {
    expectError(await t.request('PATCH', '/api/collections/posts/nobody', { body: { title: 'x' } }), 404, 'AERO_NOT_FOUND');
    expectError(await t.request('PATCH', '/api/collections/posts/p-1', { body: { status: 'gone' } }), 400, 'AERO_VALIDATION_FAILED');
  });

  it('DELETE removes the document and returns its _id', async () => {
    const reply = await t.request('DELETE', '/api/collections/posts/p-1');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ _id: 'p-1' });
    expect(reply.json._meta.lsn).toBeGreaterThan(0);
    expectError(await t.request('GET', '/api/collections/posts/p-1'), 404, 'AERO_NOT_FOUND');
    expectError(await t.request('DELETE', '/api/collections/posts/p-1'), 404, 'AERO_NOT_FOUND');
  });

  it('write routes take no query parameters', async () => {
    expectError(await t.request('DELETE', '/api/collections/posts/x?force=true'), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    expectError(await t.request('POST', '/api/collections/posts?upsert=1', { body: { title: 'x', status: 'draft' } }), 400, 'AERO_QUERY_UNKNOWN_PARAM');
  });
});
