// A real database in a temp dir behind createServer on a random port, plus a small fetch wrapper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/engine/index.js';
import type { Database } from '../../src/engine/database-types.js';
import type { CollectionSchema } from '../../src/engine/types.js';
import { createServer, type CreateServerOptions, type RunningServer } from '../../src/server/create-server.js';

export const KEYS = { anon: 'aero_anon_test0123456789abcdef', service: 'aero_service_test0123456789abcdef' };
export const ADMIN_TOKEN = 'admin-token-test-0123456789';
export const VERSION = '0.1.0';

export const POSTS: CollectionSchema = {
  collection: 'posts',
  fields: {
    _id: { type: 'string', required: true },
    title: { type: 'string', required: true, maxLength: 200 },
    status: { type: 'string', enum: ['draft', 'published'], required: true },
    views: { type: 'int' },
    created_at: { type: 'timestamp' },
    meta: { type: 'object', fields: { lang: { type: 'string' }, draft_of: { type: 'string' } } },
  },
  indexes: [
    { name: 'status_idx', fields: ['status'] },
    { name: 'created_idx', fields: ['created_at'] },
  ],
};

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** sent as-is instead of JSON.stringify(body) */
  rawBody?: string | Buffer;
  /** the apikey header; default the service key, null = none */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface TestServer {
  db: Database;
  server: RunningServer;
  url: string;
  logs: string[];
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { schemas?: CollectionSchema[]; wrapDb?: (db: Database) => Database; server?: Partial<CreateServerOptions> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aerodb-server-test-'));
  const db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1024 * 1024 });
  const schemas = options.schemas ?? [POSTS];
  if (schemas.length > 0) await db.applySchemaOps(schemas.map((schema) => ({ op: 'create_collection', schema })));
  const logs: string[] = [];
  const server = await createServer({
    db: options.wrapDb ? options.wrapDb(db) : db,
    keys: KEYS,
    adminToken: ADMIN_TOKEN,
    port: 0,
    version: VERSION,
    log: (line) => logs.push(line),
    ...options.server,
  });
  let closed = false;
  return {
    db,
    server,
    url: server.url,
    logs,
    request: (method, path, request = {}) => send(server.url, method, path, request),
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function send(url: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? KEYS.service : options.key;
  if (key !== null) headers['apikey'] = key;
  let body: string | Buffer | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Asserts the error envelope shape and returns the error object. */
export function expectError(reply: Reply, status: number, code: string): { code: string; message: string; status: number; details: Record<string, unknown>; hint: string } {
  const error = reply.json?.error;
  if (reply.status !== status || error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${reply.status} ${reply.text}`);
  }
  for (const key of ['code', 'message', 'status', 'details', 'hint']) {
    if (!(key in error)) throw new Error(`error envelope misses "${key}": ${reply.text}`);
  }
  if (error.status !== status) throw new Error(`error.status ${error.status} != HTTP ${status}`);
  return error;
}
