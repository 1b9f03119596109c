// The two servers bench:http compares, built in the calling process: createServer over a real
// database seeded with the data set, and the HTTP floor (bare koa answering recorded bytes).
import http from 'node:http';
import { unloggedInner } from './aerodb-store.mjs';
import { COLLECTION, ITEMS_SCHEMA, makeDocument } from './documents.mjs';

export const SERVICE_KEY = `aero_service_${'b'.repeat(64)}`;
const KEYS = { anon: `aero_anon_${'a'.repeat(64)}`, service: SERVICE_KEY };
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;

/** Creates the bench collection in `db` and inserts documents 0..docs-1 through `writer` (default `db`), then checkpoints. */
async function seed(db, docs, writer = db) {
  await db.applySchemaOps([{ op: 'create_collection', schema: ITEMS_SCHEMA }]);
  for (let start = 0; start < docs; start += 5000) {
    await writer.insert(COLLECTION, Array.from({ length: Math.min(5000, docs - start) }, (_, i) => makeDocument(start + i)));
  }
  await db.checkpoint();
}

/** createServer on a free port over `dir`, seeded with `docs` documents; `oplog`: the log on with aerodb.toml's defaults (as `aerodb serve`). */
export async function startAerodbServer({ dir, docs, fsync, oplog }) {
  const { openDatabase, createServer } = await import(dist('index.js'));
  const db = await openDatabase({ dir, fsync, ...(oplog ? { oplog: {} } : {}) });
  await seed(db, docs);
  const server = await createServer({ db, keys: KEYS, adminToken: 'bench-admin-token', port: 0, version: 'bench' });
  return {
    url: server.url,
    key: SERVICE_KEY,
    server: server.server,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

/**
 * Three servers in this process over one database seeded with `docs` documents, opened with the
 * operation log: `on` serves it as `aerodb serve` does (every request logged); `off` and `control`
 * serve the same database without the log (the engine the log wraps). Same process, same heap, same
 * data: only the log differs between `on` and `off`, and `control` (a second `off`) shows the noise
 * floor. Server processes started alike differ by up to 10% in CPU per request by themselves.
 */
export async function startAerodbPair({ dir, docs, fsync }) {
  const { openDatabase, createServer } = await import(dist('index.js'));
  const db = await openDatabase({ dir, fsync, oplog: {} });
  const unlogged = unloggedInner(db);
  await seed(db, docs, unlogged);
  const servers = {};
  for (const [name, target] of [['off', unlogged], ['on', db], ['control', unlogged]]) {
    servers[name] = await createServer({ db: target, keys: KEYS, adminToken: 'bench-admin-token', port: 0, version: 'bench' });
  }
  return {
    urls: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url])),
    key: SERVICE_KEY,
    close: async () => {
      for (const server of Object.values(servers)) await server.close();
      await db.close();
    },
  };
}

/** The HTTP floor: koa, no router, no parsing, the recorded response bytes of each route ({get, list, insert}). */
export async function koaFloorServer(bodies) {
  const { default: Koa } = await import('koa');
  const get = Buffer.from(bodies.get);
  const list = Buffer.from(bodies.list);
  const insert = Buffer.from(bodies.insert);
  const app = new Koa();
  app.use(async (ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    if (ctx.method === 'POST') {
      for await (const _chunk of ctx.req); // consume the body, as a real handler must
      ctx.status = 201;
      ctx.body = insert;
    } else {
      ctx.body = ctx.querystring === '' ? get : list;
    }
  });
  return http.createServer(app.callback());
}
