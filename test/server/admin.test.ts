import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationHooks } from '../../src/server/admin-hooks.js';
import { ADMIN_TOKEN, expectError, startTestServer, type TestServer } from './server-fixture.js';

const asAdmin = { key: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };

describe('admin API without migration hooks', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.request('POST', '/api/collections/posts', { body: [{ title: 'a', status: 'draft' }, { title: 'b', status: 'published' }] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /admin/stats returns db.stats()', async () => {
    const reply = await t.request('GET', '/admin/stats', asAdmin);
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual(JSON.parse(JSON.stringify(t.db.stats())));
    expect(reply.json.data.collections.find((c: { name: string }) => c.name === 'posts').documents).toBe(2);
  });

  it('POST /admin/checkpoint checkpoints at the current LSN (admin token and service key)', async () => {
    const reply = await t.request('POST', '/admin/checkpoint', asAdmin);
    expect(reply.status).toBe(200);
    expect(reply.json.data.lsn).toBe(t.db.lsn);
    expect(t.db.stats().checkpoint_lsn).toBe(t.db.lsn);
    await t.request('POST', '/api/collections/posts', { body: { title: 'c', status: 'draft' } });
    const again = await t.request('POST', '/admin/checkpoint');
    expect(again.status).toBe(200);
    expect(again.json.data.lsn).toBe(t.db.lsn);
  });

  it('POST /admin/explain explains exactly what the engine does (no REST default limit)', async () => {
    const reply = await t.request('POST', '/admin/explain', { ...asAdmin, body: { collection: 'posts', query: { filter: { status: 'draft' }, limit: 5 }, analyze: true } });
    expect(reply.status).toBe(200);
    const direct = await t.db.explain('posts', { filter: { status: 'draft' }, limit: 5 }, { analyze: true });
    const { analyze: httpAnalyze, ...overHttp } = reply.json.data;
    const { analyze: directAnalyze, ...offline } = direct;
    expect(overHttp).toEqual(JSON.parse(JSON.stringify(offline)));
    expect(httpAnalyze.documents_returned).toBe(directAnalyze!.documents_returned);
    const unbounded = await t.request('POST', '/admin/explain', { ...asAdmin, body: { collection: 'posts', query: { filter: { status: 'draft' } } } });
    expect(unbounded.status).toBe(200);
    expect(unbounded.json.data.accepted).toBe(false);
  });

  it('POST /admin/explain validates its body', async () => {
    expect(expectError(await t.request('POST', '/admin/explain', { ...asAdmin, body: { query: {} } }), 400, 'AERO_QUERY_INVALID').message).toContain('collection');
    expect(expectError(await t.request('POST', '/admin/explain', { ...asAdmin, body: { collection: 'posts', verbose: true } }), 400, 'AERO_QUERY_INVALID').message).toContain('verbose');
    expectError(await t.request('POST', '/admin/explain', { ...asAdmin, body: { collection: 'posts', analyze: 'yes' } }), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('POST', '/admin/explain', { ...asAdmin, body: { collection: 'nope', query: { limit: 1 } } }), 404, 'AERO_SCHEMA_UNKNOWN_COLLECTION');
    expectError(await t.request('POST', '/admin/explain', { ...asAdmin, rawBody: '{' }), 400, 'AERO_QUERY_MALFORMED_JSON');
  });

  it('migration routes answer 501 when no migration service is plugged in', async () => {
    expectError(await t.request('GET', '/admin/migrations', asAdmin), 501, 'AERO_INTERNAL_NOT_IMPLEMENTED');
    expectError(await t.request('POST', '/admin/migrations/up', asAdmin), 501, 'AERO_INTERNAL_NOT_IMPLEMENTED');
    expectError(await t.request('POST', '/admin/migrations/down', { ...asAdmin, body: { version: '001' } }), 501, 'AERO_INTERNAL_NOT_IMPLEMENTED');
    expectError(await t.request('POST', '/admin/migrations/resolve', { ...asAdmin, body: { version: '001', reason: 'x' } }), 501, 'AERO_INTERNAL_NOT_IMPLEMENTED');
    expectError(await t.request('POST', '/admin/migrations/new', { ...asAdmin, body: { name: 'x' } }), 501, 'AERO_INTERNAL_NOT_IMPLEMENTED');
  });

  it('admin routes take no query parameters', async () => {
    expectError(await t.request('GET', '/admin/stats?verbose=1', asAdmin), 400, 'AERO_QUERY_UNKNOWN_PARAM');
  });
});

describe('admin migration hooks', () => {
  let t: TestServer;
  const calls: string[] = [];
  const hooks: MigrationHooks = {
    status: async () => ({ applied: ['001'], pending: ['002'] }),
    up: async (version) => {
      calls.push(`up:${version ?? '*'}`);
      return { applied: [version ?? '002'] };
    },
    down: async (version) => {
      calls.push(`down:${version}`);
      return { reverted: ['002'] };
    },
    resolve: async (version, reason) => {
      calls.push(`resolve:${version}:${reason}`);
      return { version, changed: true };
    },
    newMigration: async (name, fromSchemas) => {
      calls.push(`new:${name}:${fromSchemas}`);
      return { created: true, version: '003', name };
    },
  };
  beforeAll(async () => {
    t = await startTestServer({ server: { admin: { migrations: hooks } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /admin/migrations returns the status', async () => {
    const reply = await t.request('GET', '/admin/migrations', asAdmin);
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ applied: ['001'], pending: ['002'] });
  });

  it('POST /admin/migrations/up with and without a version', async () => {
    expect((await t.request('POST', '/admin/migrations/up', asAdmin)).json.data).toEqual({ applied: ['002'] });
    expect((await t.request('POST', '/admin/migrations/up', { ...asAdmin, body: { version: '003' } })).json.data).toEqual({ applied: ['003'] });
    expect(calls.slice(-2)).toEqual(['up:*', 'up:003']);
    expectError(await t.request('POST', '/admin/migrations/up', { ...asAdmin, body: { version: 3 } }), 400, 'AERO_QUERY_INVALID');
  });

  it('POST /admin/migrations/down needs a version', async () => {
    expect((await t.request('POST', '/admin/migrations/down', { ...asAdmin, body: { version: '001' } })).json.data).toEqual({ reverted: ['002'] });
    expect(calls.at(-1)).toBe('down:001');
    expectError(await t.request('POST', '/admin/migrations/down', { ...asAdmin, body: {} }), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('POST', '/admin/migrations/down', asAdmin), 400, 'AERO_QUERY_MALFORMED_JSON');
  });

  it('POST /admin/migrations/resolve needs a version and a reason', async () => {
    const reply = await t.request('POST', '/admin/migrations/resolve', { ...asAdmin, body: { version: '001', reason: 'reformatted' } });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toEqual({ version: '001', changed: true });
    expect(calls.at(-1)).toBe('resolve:001:reformatted');
    expect(expectError(await t.request('POST', '/admin/migrations/resolve', { ...asAdmin, body: { version: '001' } }), 400, 'AERO_QUERY_INVALID').details.field).toBe('reason');
    expect(expectError(await t.request('POST', '/admin/migrations/resolve', { ...asAdmin, body: { reason: 'x' } }), 400, 'AERO_QUERY_INVALID').details.field).toBe('version');
    expect(expectError(await t.request('POST', '/admin/migrations/resolve', { ...asAdmin, body: { version: '001', reason: 'x', force: true } }), 400, 'AERO_QUERY_INVALID').message).toContain('"force"');
  });

  it('POST /admin/migrations/new takes a name and from_schemas (default false)', async () => {
    expect((await t.request('POST', '/admin/migrations/new', { ...asAdmin, body: { name: 'add_bio' } })).json.data).toEqual({ created: true, version: '003', name: 'add_bio' });
    expect(calls.at(-1)).toBe('new:add_bio:false');
    expect((await t.request('POST', '/admin/migrations/new', { ...asAdmin, body: { name: 'draft', from_schemas: true } })).status).toBe(200);
    expect(calls.at(-1)).toBe('new:draft:true');
    expectError(await t.request('POST', '/admin/migrations/new', { ...asAdmin, body: { from_schemas: true } }), 400, 'AERO_QUERY_INVALID');
    expectError(await t.request('POST', '/admin/migrations/new', { ...asAdmin, body: { name: 'x', from_schemas: 'yes' } }), 400, 'AERO_QUERY_INVALID');
  });

  it('migration routes refuse the anon key and a wrong admin token', async () => {
    const { KEYS } = await import('./server-fixture.js');
    expectError(await t.request('POST', '/admin/migrations/new', { key: KEYS.anon, body: { name: 'x' } }), 401, 'AERO_AUTH_REQUIRED');
    expectError(await t.request('POST', '/admin/migrations/resolve', { key: null, headers: { authorization: 'Bearer wrong' }, body: { version: '001', reason: 'x' } }), 401, 'AERO_AUTH_INVALID_TOKEN');
  });

  it('passes AeroErrors from the migration service through as envelopes', async () => {
    const { AeroError } = await import('../../src/engine/errors/aero-error.js');
    hooks.down = async (version) => {
      throw new AeroError('AERO_MIGRATION_UNKNOWN_VERSION', `no migration ${version}`);
    };
    expectError(await t.request('POST', '/admin/migrations/down', { ...asAdmin, body: { version: '999' } }), 404, 'AERO_MIGRATION_UNKNOWN_VERSION');
  });
});
