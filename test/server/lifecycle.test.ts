// Health, graceful close (drain in-flight requests) and listen errors.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/database-types.js';
import { createServer } from '../../src/server/create-server.js';
import { ADMIN_TOKEN, KEYS, send, startTestServer, type TestServer } from './server-fixture.js';

const open: TestServer[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('GET /api/health', () => {
  it('reports status, version, lsn and uptime without a key', async () => {
    const t = await startTestServer();
    open.push(t);
    const reply = await t.request('GET', '/api/health', { key: null });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ data: { status: 'ok', version: '0.1.0', lsn: t.db.lsn, uptime_s: expect.any(Number) } });
    expect(reply.json.data.uptime_s).toBeGreaterThanOrEqual(0);
    await t.request('POST', '/api/collections/posts', { body: { title: 'x', status: 'draft' } });
    expect((await t.request('GET', '/api/health')).json.data.lsn).toBe(t.db.lsn);
  });
});

describe('close()', () => {
  it('lets an in-flight request finish, then stops accepting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const t = await startTestServer({
      wrapDb: (db) => new Proxy(db, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, target) as unknown;
          // routes call db.withContext(...) per request: keep answering through this proxy
          if (prop === 'withContext') return () => receiver;
          if (prop === 'find') {
            return async (...args: Parameters<Database['find']>) => {
              entered();
              await gate;
              return target.find(...args);
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as Database,
    });
    open.push(t);
    const inFlight = t.request('GET', '/api/collections/posts');
    await started;
    let closed = false;
    const closing = t.server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    await expect(send(t.url, 'GET', '/api/health')).rejects.toThrow();
  });

  it('resolves promptly with idle keep-alive connections open, and is idempotent', async () => {
    const t = await startTestServer();
    open.push(t);
    await t.request('GET', '/api/health');
    await t.request('GET', '/api/health');
    await Promise.all([t.server.close(), t.server.close()]);
  });
});

describe('listen errors', () => {
  it('an occupied port is AERO_CONFIG_PORT_IN_USE naming the port with a --port hint', async () => {
    const t = await startTestServer();
    open.push(t);
    const error = await createServer({ db: t.db, keys: KEYS, adminToken: ADMIN_TOKEN, version: '0.1.0', port: t.server.port }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AERO_CONFIG_PORT_IN_USE' });
    expect((error as Error).message).toContain(String(t.server.port));
    expect((error as { hint: string }).hint).toContain('--port');
  });

  it('a host that is not ours is AERO_CONFIG_INVALID', async () => {
    const t = await startTestServer();
    open.push(t);
    const error = await createServer({ db: t.db, keys: KEYS, adminToken: ADMIN_TOKEN, version: '0.1.0', port: 0, host: '203.0.113.7' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AERO_CONFIG_INVALID' });
  });
});

describe('the server stays up on hostile input', () => {
  it('survives a burst of bad requests', async () => {
    const t = await startTestServer();
    open.push(t);
    const bad = [
      t.request('POST', '/api/collections/posts', { rawBody: '{"a":' }),
      t.request('POST', '/api/collections/posts', { rawBody: 'null' }),
      t.request('PUT', '/api/collections/posts/x', { rawBody: '[]' }),
      t.request('PATCH', '/api/collections/posts/x', { rawBody: '"str"' }),
      t.request('GET', '/api/collections/posts?filter=%7B%22%24or%22%3A5%7D'),
      t.request('GET', '/api/collections/%E0%A4%A'),
      t.request('POST', '/api/collections/posts/query', { body: { filter: { $and: 'x' } } }),
      t.request('POST', '/api/collections/posts/query', { body: { sort: [{ field: 1 }] } }),
      t.request('POST', '/api/collections/posts/query', { body: { limit: -1 } }),
    ];
    for (const [i, reply] of (await Promise.all(bad)).entries()) {
      expect(`${i}: ${reply.status}`).toMatch(/^\d+: 4\d\d$/);
      expect(reply.json.error.code).toMatch(/^AERO_/);
    }
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });
});
