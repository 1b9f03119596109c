// GET /admin/oplog (SSE) and `_system.operation_log` over REST, on createServer with the operation
// log on; the live stream is read with the CLI's own client (services/oplog/oplog-stream-client).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/database.js';
import type { Database } from '../../src/engine/database-types.js';
import type { OplogEntry } from '../../src/engine/oplog/oplog-entry.js';
import { createServer, type RunningServer } from '../../src/server/create-server.js';
import { EventParser } from '../../src/services/data-source/event-stream.js';
import { streamOplog } from '../../src/services/oplog/oplog-stream-client.js';
import { ADMIN_TOKEN, expectError, KEYS, POSTS, send, VERSION } from './server-fixture.js';

interface OplogServer {
  db: Database;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

const started: OplogServer[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});

async function start(oplog = true): Promise<OplogServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aerodb-oplog-server-'));
  const db = await openDatabase({ dir, fsync: false, ...(oplog ? { oplog: { flushIntervalMs: 10 } } : {}) });
  await db.applySchemaOps([{ op: 'create_collection', schema: POSTS }]);
  const server = await createServer({ db, keys: KEYS, adminToken: ADMIN_TOKEN, port: 0, version: VERSION });
  let closed = false;
  const s: OplogServer = {
    db,
    server,
    url: server.url,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  started.push(s);
  return s;
}

/** The events of a finished (non-follow) stream. */
function events(text: string): Array<{ event: string; data: string }> {
  const out: Array<{ event: string; data: string }> = [];
  new EventParser((event, data) => out.push({ event, data })).push(text);
  return out;
}

const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, key: null };
const post = (i: number) => ({ title: `t${i}`, status: i % 2 ? 'published' : 'draft', created_at: '2026-11-28T09:00:00Z' });

describe('GET /admin/oplog', () => {
  it('streams the newest matching entries, attributed to the REST caller and request id, then ends', async () => {
    const s = await start();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await send(s.url, 'POST', '/api/collections/posts', { body: post(i) });
      ids.push(reply.headers.get('x-request-id')!);
    }
    const reply = await send(s.url, 'GET', '/admin/oplog?operation=insert&limit=2', admin);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const got = events(reply.text);
    expect(got.map((e) => e.event)).toEqual(['entry', 'entry', 'end']);
    const entries = got.slice(0, 2).map((e) => JSON.parse(e.data) as OplogEntry);
    expect(entries.map((e) => [e.operation, e.collection, e.source, e.user_id, e.request_id])).toEqual([
      ['insert', 'posts', 'rest', 'service', ids[2]],
      ['insert', 'posts', 'rest', 'service', ids[3]],
    ]);
    expect(JSON.parse(got[2]!.data)).toEqual({ reason: 'backlog sent' });
  });

  it('follows: entries recorded after the backlog arrive live, filtered', async () => {
    const s = await start();
    await send(s.url, 'POST', '/api/collections/posts', { body: post(0) });
    const received: OplogEntry[] = [];
    const stop = new AbortController();
    let resolveCount!: () => void;
    const threeLive = new Promise<void>((resolve) => (resolveCount = resolve));
    const done = streamOplog(
      { url: s.url, pid: process.pid, adminToken: ADMIN_TOKEN },
      { follow: true, slow: false, collection: 'posts', operation: 'insert', limit: 5 },
      (entry) => {
        received.push(entry);
        if (received.length === 4) resolveCount();
      },
      stop.signal,
    );
    // wait until the backlog (1 insert) is there, then write more
    while (received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await send(s.url, 'GET', '/api/collections/posts?limit=5'); // a find: filtered out
    for (let i = 1; i <= 3; i++) await send(s.url, 'POST', '/api/collections/posts', { body: post(i) });
    await threeLive;
    stop.abort();
    expect(await done).toBe('aborted');
    expect(received.map((e) => [e.operation, (e.affected_ids ?? [])[0] !== undefined])).toEqual([
      ['insert', true], ['insert', true], ['insert', true], ['insert', true],
    ]);
    expect(new Set(received.map((e) => e._id)).size).toBe(4);
  });

  it('ends a following stream when the server closes, without waiting for the drain timeout', async () => {
    const s = await start();
    const stop = new AbortController();
    let ready = false;
    const done = streamOplog({ url: s.url, pid: process.pid, adminToken: ADMIN_TOKEN }, { follow: true, slow: false, limit: 1 }, () => (ready = true), stop.signal);
    while (!ready) await new Promise((resolve) => setTimeout(resolve, 5));
    await s.server.close();
    expect(await done).toBe('server closing');
  });

  it('rejects bad filters, unknown parameters and missing credentials with coded errors', async () => {
    const s = await start();
    expect(expectError(await send(s.url, 'GET', '/admin/oplog?operation=select', admin), 400, 'AERO_QUERY_INVALID').message).toContain('query parameter "operation" must be one of');
    expect(expectError(await send(s.url, 'GET', '/admin/oplog?since=yesterday', admin), 400, 'AERO_QUERY_INVALID').details).toMatchObject({ value: 'yesterday' });
    expectError(await send(s.url, 'GET', '/admin/oplog?limit=0', admin), 400, 'AERO_QUERY_INVALID');
    expectError(await send(s.url, 'GET', '/admin/oplog?follow=maybe', admin), 400, 'AERO_QUERY_INVALID');
    expectError(await send(s.url, 'GET', '/admin/oplog?tail=1', admin), 400, 'AERO_QUERY_UNKNOWN_PARAM');
    expectError(await send(s.url, 'GET', '/admin/oplog', { key: null }), 401, 'AERO_AUTH_REQUIRED');
    expect((await send(s.url, 'GET', '/admin/oplog?limit=1')).status).toBe(200); // the service key is enough
  });

  it('is 404 when the operation log is disabled', async () => {
    const s = await start(false);
    expectError(await send(s.url, 'GET', '/admin/oplog', admin), 404, 'AERO_NOT_FOUND');
  });
});

describe('authentication failures', () => {
  it('are logged as "auth" entries with the code, the route and the request id', async () => {
    const s = await start();
    const noKey = await send(s.url, 'GET', '/api/collections/posts?limit=1', { key: null });
    expectError(noKey, 401, 'AERO_AUTH_REQUIRED');
    expectError(await send(s.url, 'GET', '/admin/stats', { key: 'aero_service_wrong' }), 401, 'AERO_AUTH_REQUIRED');
    const entries = s.db.oplog!.recent(10, (e) => e.operation === 'auth').map((e) => JSON.parse(e.line) as OplogEntry);
    expect(entries.map((e) => [e.collection, e.error_code, e.user_id, e.source, e.detail])).toEqual([
      ['posts', 'AERO_AUTH_REQUIRED', 'anon', 'rest', 'GET /api/collections/posts'],
      [null, 'AERO_AUTH_REQUIRED', 'anon', 'rest', 'GET /admin/stats'],
    ]);
    expect(entries[0]!.request_id).toBe(noKey.headers.get('x-request-id'));
  });
});

describe('_system.operation_log over REST', () => {
  it('is queryable with the service key and read-only', async () => {
    const s = await start();
    for (let i = 0; i < 3; i++) await send(s.url, 'POST', '/api/collections/posts', { body: post(i) });
    await send(s.url, 'PATCH', '/api/collections/posts/nope', { body: { title: 'x' } });
    const filter = encodeURIComponent(JSON.stringify({ collection: 'posts', status: 'error' }));
    const failed = await send(s.url, 'GET', `/api/collections/_system.operation_log?filter=${filter}&limit=5`);
    expect(failed.status).toBe(200);
    expect(failed.json.data.map((e: OplogEntry) => [e.operation, e.error_code])).toEqual([['update', 'AERO_NOT_FOUND']]);
    expect(failed.json._meta).toMatchObject({ scan: 'INDEX_EQ', index: 'collection_idx' });
    const sorted = await send(s.url, 'GET', `/api/collections/_system.operation_log?filter=${encodeURIComponent('{"operation":"insert"}')}&sort=-timestamp&limit=2`);
    expect(sorted.json.data.map((e: OplogEntry) => e.operation)).toEqual(['insert', 'insert']);
    expect(sorted.json.data[0]._id > sorted.json.data[1]._id).toBe(true);
    expectError(await send(s.url, 'POST', '/api/collections/_system.operation_log', { body: { operation: 'find' } }), 403, 'AERO_QUERY_READ_ONLY');
  });
});
