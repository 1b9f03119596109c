// A server for bench/http.mjs, in its own process (the load generator gets the parent's CPU):
//
//   node bench/lib/http-target.mjs aerodb <dataDir> <docs> [oplog]   createServer over a real, durable
//                                                            database (with the operation log on: oplog)
//   node bench/lib/http-target.mjs koa <bodiesFile>          bare koa answering the same bytes from memory
//
// Prints one JSON line when listening ({ url, ... }) and runs until SIGTERM. Over IPC it answers
// 'cpu' with process.cpuUsage(), so the parent can report server CPU per request (robust to load
// from elsewhere on the machine, unlike requests per second).
import { readFileSync } from 'node:fs';
import { COLLECTION, ITEMS_SCHEMA, makeDocument } from './documents.mjs';

const SERVICE_KEY = `aero_service_${'b'.repeat(64)}`;
const KEYS = { anon: `aero_anon_${'a'.repeat(64)}`, service: SERVICE_KEY };
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;

const [mode, arg, docsArg, flag] = process.argv.slice(2);
let close;
if (mode === 'aerodb') close = await startAerodb(arg, Number(docsArg), flag === 'oplog');
else if (mode === 'koa') close = await startKoa(arg);
else {
  console.error('usage: http-target.mjs aerodb <dataDir> <docs> [oplog] | koa <bodiesFile>');
  process.exit(2);
}
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});

async function startAerodb(dir, docs, oplog) {
  const { openDatabase, createServer } = await import(dist('index.js'));
  // `oplog: {}` is the operation log with aerodb.toml's defaults, as `aerodb serve` opens it
  const db = await openDatabase({ dir, fsync: true, ...(oplog ? { oplog: {} } : {}) });
  await db.applySchemaOps([{ op: 'create_collection', schema: ITEMS_SCHEMA }]);
  for (let start = 0; start < docs; start += 5000) {
    await db.insert(COLLECTION, Array.from({ length: Math.min(5000, docs - start) }, (_, i) => makeDocument(start + i)));
  }
  await db.checkpoint();
  const server = await createServer({ db, keys: KEYS, adminToken: 'bench-admin-token', port: 0, version: 'bench' });
  console.log(JSON.stringify({ url: server.url, key: SERVICE_KEY }));
  return async () => {
    await server.close();
    await db.close();
  };
}

/** The HTTP floor: koa, no router, no parsing, the recorded response bytes of each route. */
async function startKoa(bodiesFile) {
  const { default: Koa } = await import('koa');
  const http = await import('node:http');
  const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
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
  const server = http.createServer(app.callback());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }));
  return () => new Promise((resolve) => server.close(resolve));
}
