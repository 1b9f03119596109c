// Body parsing and limits, routing errors, request ids, CORS and internal errors.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/database-types.js';
import { expectError, KEYS, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** A raw request over node:http (streams the body in chunks, no content-length). */
function rawRequest(url: string, method: string, path: string, chunks: Buffer[], headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method, headers: { apikey: KEYS.service, 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, headers: res.headers });
      });
    });
    req.on('error', reject);
    const writeNext = (i: number) => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[i], () => writeNext(i + 1));
    };
    writeNext(0);
  });
}

describe('JSON bodies', () => {
  it('answers 400 AERO_QUERY_MALFORMED_JSON with the position for a syntax error', async () => {
    const reply = await t.request('POST', '/api/collections/posts', { rawBody: '{"title": "x",\n "status": tru}' });
    const error = expectError(reply, 400, 'AERO_QUERY_MALFORMED_JSON');
    expect(error.message).toContain('request body');
    expect(error.message).toMatch(/position \d+/);
    expect(error.details).toMatchObject({ line: 2, column: 12 });
  });

  it('answers 400 for trailing garbage, comments and trailing commas', async () => {
    for (const body of ['{"a":1} x', '// c\n{}', '[1,]']) {
      expectError(await t.request('POST', '/api/collections/posts', { rawBody: body }), 400, 'AERO_QUERY_MALFORMED_JSON');
    }
  });

  it('answers 400 for an empty body where one is required, and for invalid UTF-8', async () => {
    expect(expectError(await t.request('POST', '/api/collections/posts', { rawBody: '' }), 400, 'AERO_QUERY_MALFORMED_JSON').message).toContain('empty');
    expect(expectError(await t.request('POST', '/api/collections/posts', { rawBody: Buffer.from([0x7b, 0xff, 0x7d]) }), 400, 'AERO_QUERY_MALFORMED_JSON').message).toContain('UTF-8');
  });

  it('answers 413 AERO_LIMIT_BODY_TOO_LARGE for a body over 1 MiB (content-length) and stays up', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10), status: 'draft' });
    const error = expectError(await t.request('POST', '/api/collections/posts', { rawBody: big }), 413, 'AERO_LIMIT_BODY_TOO_LARGE');
    expect(error.details['limit_bytes']).toBe(1024 * 1024);
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });

  it('answers 413 while a chunked body streams past the limit (no content-length)', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const reply = await rawRequest(t.url, 'POST', '/api/collections/posts', [Buffer.from('{"title":"'), chunk, chunk, chunk, chunk, chunk, Buffer.from('"}')]);
    expect(reply.status).toBe(413);
    expect(reply.json.error.code).toBe('AERO_LIMIT_BODY_TOO_LARGE');
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });

  it('accepts a body just under the limit', async () => {
    const small = await startTestServer({ server: { bodyLimitBytes: 200 } });
    try {
      const body = JSON.stringify({ title: 'y'.repeat(100), status: 'draft' });
      expect((await small.request('POST', '/api/collections/posts', { rawBody: body })).status).toBe(201);
      const over = JSON.stringify({ title: 'y'.repeat(250), status: 'draft' });
      expectError(await small.request('POST', '/api/collections/posts', { rawBody: over }), 413, 'AERO_LIMIT_BODY_TOO_LARGE');
    } finally {
      await small.close();
    }
  });
});

describe('routing errors', () => {
  it('answers an unknown route with a 404 AERO_NOT_FOUND envelope naming the path', async () => {
    const error = expectError(await t.request('GET', '/api/nothing/here', { key: null }), 404, 'AERO_NOT_FOUND');
    expect(error.message).toContain('/api/nothing/here');
    expectError(await t.request('GET', '/'), 404, 'AERO_NOT_FOUND');
    expectError(await t.request('GET', '/api/collections/posts/a/b'), 404, 'AERO_NOT_FOUND');
  });

  it('answers a wrong method with 405 AERO_QUERY_METHOD_NOT_ALLOWED and an Allow header', async () => {
    const reply = await t.request('DELETE', '/api/collections/posts');
    const error = expectError(reply, 405, 'AERO_QUERY_METHOD_NOT_ALLOWED');
    const allow = reply.headers.get('allow')!.split(', ').sort();
    expect(allow).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(allow).not.toContain('DELETE');
    expect(error.message).toContain('DELETE');
    const health = await t.request('POST', '/api/health', { body: {} });
    expectError(health, 405, 'AERO_QUERY_METHOD_NOT_ALLOWED');
    expect(health.headers.get('allow')).toContain('GET');
    const checkpoint = await t.request('GET', '/admin/checkpoint');
    expectError(checkpoint, 405, 'AERO_QUERY_METHOD_NOT_ALLOWED');
    expect(checkpoint.headers.get('allow')).toBe('POST');
  });

  it('routes are case-sensitive', async () => {
    expectError(await t.request('GET', '/API/HEALTH'), 404, 'AERO_NOT_FOUND');
  });
});

describe('request ids', () => {
  it('generates one when absent', async () => {
    const reply = await t.request('GET', '/api/health');
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a sane incoming one, on success and on error', async () => {
    const ok = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-abc.123');
    const bad = await t.request('GET', '/nowhere', { headers: { 'x-request-id': 'trace-404' } });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-request-id')).toBe('trace-404');
  });

  it('replaces an insane one', async () => {
    const reply = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'x'.repeat(300) } });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one access line per request with the request id', async () => {
    await t.request('GET', '/api/health', { headers: { 'x-request-id': 'log-line-1' } });
    expect(t.logs.some((line) => line.startsWith('GET /api/health 200') && line.includes('req=log-line-1'))).toBe(true);
  });
});

describe('CORS', () => {
  it('answers a localhost preflight without a key', async () => {
    const reply = await t.request('OPTIONS', '/api/collections/posts', {
      key: null,
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, content-type' },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(reply.headers.get('access-control-allow-headers')).toContain('apikey');
  });

  it('allows 127.0.0.1 and [::1] origins on normal requests', async () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://[::1]:8080', 'https://localhost']) {
      const reply = await t.request('GET', '/api/health', { headers: { origin } });
      expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
      expect(reply.headers.get('access-control-expose-headers')).toContain('x-request-id');
    }
  });

  it('gives other origins no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io']) {
      const reply = await t.request('GET', '/api/health', { headers: { origin } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('internal errors', () => {
  it('turn into 500 AERO_INTERNAL with the request id, no stack to the client, and the server stays up', async () => {
    const broken = await startTestServer({
      wrapDb: (db) => new Proxy(db, {
        get(target, prop, receiver) {
          if (prop === 'find') return () => Promise.reject(new TypeError('boom: engine bug'));
          // routes call db.withContext(...) per request: keep answering through this proxy
          if (prop === 'withContext') return () => receiver;
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value ?? Reflect.get(target, prop, receiver);
        },
      }) as Database,
    });
    try {
      const reply = await broken.request('GET', '/api/collections/posts', { headers: { 'x-request-id': 'req-500' } });
      const error = expectError(reply, 500, 'AERO_INTERNAL');
      expect(error.message).toContain('req-500');
      expect(error.details).toEqual({ request_id: 'req-500' });
      expect(reply.text).not.toContain('boom');
      expect(reply.text).not.toContain('.ts:');
      expect(broken.logs.some((line) => line.includes('req-500') && line.includes('boom: engine bug'))).toBe(true);
      expect((await broken.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it('answers a malformed HTTP request with a 400 envelope and keeps serving', async () => {
    const net = await import('node:net');
    const { port } = t.server;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let out = '';
      socket.on('data', (d) => (out += d.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('AERO_QUERY_INVALID');
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });
});
