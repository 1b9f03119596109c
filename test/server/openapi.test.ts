import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    schemas: [
      {
        collection: 'users',
        fields: {
          _id: { type: 'string', required: true },
          email: { type: 'string', required: true, pattern: '^.+@.+$' },
          nickname: { type: 'string', nullable: true, enum: ['a', 'b'] },
          active: { type: 'bool', default: true, required: true },
        },
        indexes: [{ name: 'email_unique', fields: ['email'], unique: true }],
      },
      {
        collection: 'posts',
        fields: {
          _id: { type: 'string', required: true },
          title: { type: 'string', required: true, maxLength: 200 },
          views: { type: 'int', minimum: 0 },
          score: { type: 'float' },
          created_at: { type: 'timestamp', required: true },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
          meta: { type: 'object', fields: { lang: { type: 'string', required: true } } },
          author_id: { type: 'reference', target_collection: 'users', target_field: '_id', on_delete: 'restrict' },
        },
        indexes: [{ name: 'created_idx', fields: ['created_at'] }],
      },
    ],
  });
});
afterAll(async () => {
  await t.close();
});

async function fetchDoc(): Promise<any> {
  const reply = await t.request('GET', '/api/openapi.json', { key: null });
  expect(reply.status).toBe(200);
  return reply.json;
}

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('lists every route', async () => {
    const doc = await fetchDoc();
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).filter((k) => k !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual([
      'DELETE /api/collections/posts/{id}', 'DELETE /api/collections/users/{id}',
      'GET /admin/functions', 'GET /admin/functions/{name}/logs', 'POST /admin/functions/deploy', 'POST /admin/functions/{name}/invoke', 'POST /admin/functions/invocations/{id}/replay', 'POST /api/functions/{name}',
      'GET /admin/migrations', 'GET /admin/oplog', 'GET /admin/stats',
      'GET /api/collections/posts', 'GET /api/collections/posts/{id}', 'GET /api/collections/users', 'GET /api/collections/users/{id}',
      'GET /api/health', 'GET /api/openapi.json',
      'PATCH /api/collections/posts/{id}', 'PATCH /api/collections/users/{id}',
      'POST /admin/checkpoint', 'POST /admin/explain', 'POST /admin/migrations/down', 'POST /admin/migrations/up',
      'POST /api/collections/posts', 'POST /api/collections/posts/explain', 'POST /api/collections/posts/query',
      'POST /api/collections/users', 'POST /api/collections/users/explain', 'POST /api/collections/users/query',
      'PUT /api/collections/posts/{id}', 'PUT /api/collections/users/{id}',
    ].sort());
  });

  it('has component schemas per collection from the field definitions', async () => {
    const schemas = (await fetchDoc()).components.schemas;
    const posts = schemas['posts'];
    expect(posts.required).toEqual(['_id', 'title', 'created_at']);
    expect(posts.additionalProperties).toBe(false);
    expect(posts.properties.title).toEqual({ type: 'string', maxLength: 200 });
    expect(posts.properties.views).toEqual({ type: 'integer', minimum: 0 });
    expect(posts.properties.score).toEqual({ type: 'number' });
    expect(posts.properties.created_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(posts.properties.tags).toEqual({ type: 'array', items: { type: 'string' }, maxItems: 5 });
    expect(posts.properties.meta).toMatchObject({ type: 'object', required: ['lang'], additionalProperties: false });
    expect(posts.properties.author_id).toMatchObject({ type: 'string', 'x-aerodb-reference': { collection: 'users', field: '_id', on_delete: 'restrict' } });
    const users = schemas['users'];
    expect(users.properties.nickname).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    // inserts may omit _id and fields with a default; patches require nothing
    expect(schemas['users.Input'].required).toEqual(['email']);
    expect(schemas['posts.Patch'].required).toEqual([]);
    expect(schemas['ErrorEnvelope']).toBeDefined();
    expect(schemas['Error'].properties.code.enum).toContain('AERO_NOT_FOUND');
  });

  it('versions info.version by package version + schemas; a schema change changes it', async () => {
    const before = (await fetchDoc()).info.version as string;
    expect(before).toMatch(/^0\.1\.0\+schemas\.[0-9a-f]{12}$/);
    expect(before).toBe((await fetchDoc()).info.version);
    await t.db.applySchemaOps([{ op: 'add_field', collection: 'posts', field: { name: 'subtitle', type: 'string' } }]);
    const after = await fetchDoc();
    expect(after.info.version).not.toBe(before);
    expect(after.info['x-aerodb-schema-versions'].posts).toBe(2);
    expect(after.components.schemas['posts'].properties.subtitle).toEqual({ type: 'string' });
    expect((await new Validator().validate(after)).valid).toBe(true);
  });

  it('is valid with no collections at all, and rejects query parameters', async () => {
    const empty = await startTestServer({ schemas: [] });
    try {
      const reply = await empty.request('GET', '/api/openapi.json');
      expect((await new Validator().validate(reply.json)).valid).toBe(true);
      expectError(await empty.request('GET', '/api/openapi.json?format=yaml'), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    } finally {
      await empty.close();
    }
  });
});
