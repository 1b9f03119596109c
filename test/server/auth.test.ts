import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, expectError, KEYS, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.request('POST', '/api/collections/posts', { body: { _id: 'secret', title: 'hidden', status: 'draft' } });
});
afterAll(async () => {
  await t.close();
});

describe('apikey on /api/collections/**', () => {
  it('401 AERO_AUTH_REQUIRED naming the missing header', async () => {
    const error = expectError(await t.request('GET', '/api/collections/posts', { key: null }), 401, 'AERO_AUTH_REQUIRED');
    expect(error.message).toContain('apikey');
    expect(error.details).toMatchObject({ header: 'apikey' });
  });

  it('401 for an unknown key, before any routing or validation', async () => {
    const error = expectError(await t.request('GET', '/api/collections/posts/secret', { key: 'aero_service_wrong' }), 401, 'AERO_AUTH_REQUIRED');
    expect(error.message).toContain('unknown key');
    expectError(await t.request('POST', '/api/collections/posts', { key: 'nope', rawBody: '{bad json' }), 401, 'AERO_AUTH_REQUIRED');
    expectError(await t.request('GET', '/api/collections/nope/x/y', { key: null }), 401, 'AERO_AUTH_REQUIRED');
  });

  it('the anon key is accepted and subject to RLS: a collection without rls is service-only (403), never data', async () => {
    for (const [method, path] of [['GET', '/api/collections/posts'], ['GET', '/api/collections/posts/secret'], ['POST', '/api/collections/posts/query']] as const) {
      const reply = await t.request(method, path, { key: KEYS.anon, body: method === 'POST' ? {} : undefined });
      const error = expectError(reply, 403, 'AERO_RLS_DENIED');
      expect(error.message).toContain('"posts"');
      expect(reply.json.data).toBeUndefined();
      expect(reply.text).not.toContain('hidden');
    }
  });

  it('the service key has full access', async () => {
    const reply = await t.request('GET', '/api/collections/posts/secret', { key: KEYS.service });
    expect(reply.status).toBe(200);
    expect(reply.json.data.title).toBe('hidden');
  });

  it('the admin token alone does not open data routes', async () => {
    expectError(await t.request('GET', '/api/collections/posts', { key: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), 401, 'AERO_AUTH_REQUIRED');
  });

  it('health and openapi need no key', async () => {
    expect((await t.request('GET', '/api/health', { key: null })).status).toBe(200);
    expect((await t.request('GET', '/api/openapi.json', { key: null })).status).toBe(200);
  });
});

describe('admin auth', () => {
  it('accepts the admin token and the service key', async () => {
    expect((await t.request('GET', '/admin/stats', { key: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await t.request('GET', '/admin/stats', { key: KEYS.service })).status).toBe(200);
  });

  it('refuses the anon key, a missing key and a wrong bearer token', async () => {
    const anon = expectError(await t.request('GET', '/admin/stats', { key: KEYS.anon }), 401, 'AERO_AUTH_REQUIRED');
    expect(anon.message).toContain('anon');
    expectError(await t.request('POST', '/admin/checkpoint', { key: KEYS.anon }), 401, 'AERO_AUTH_REQUIRED');
    expectError(await t.request('GET', '/admin/stats', { key: null }), 401, 'AERO_AUTH_REQUIRED');
    const bearer = expectError(await t.request('GET', '/admin/stats', { key: null, headers: { authorization: 'Bearer wrong-token' } }), 401, 'AERO_AUTH_INVALID_TOKEN');
    expect(bearer.message).toContain('admin token');
    expectError(await t.request('GET', '/admin/nothing', { key: null }), 401, 'AERO_AUTH_REQUIRED');
  });
});
