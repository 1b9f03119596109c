// A server for bench/http.mjs, in its own process (the load generator gets the parent's CPU):
//
//   node bench/lib/http-target.mjs aerodb <dataDir> <docs> [oplog]   createServer over a real, durable
//                                                                    database (oplog: the log on)
//   node bench/lib/http-target.mjs aerodb-pair <dataDir> <docs>     three servers over one database:
//                                                                    log off, on, and off again
//   node bench/lib/http-target.mjs koa <bodiesFile>                  bare koa answering the same bytes
//
// Prints one JSON line when listening ({ url, ... }) and runs until SIGTERM. Over IPC it answers
// 'cpu' with process.cpuUsage(), so the parent can report server CPU per request (robust to load
// from elsewhere on the machine, unlike requests per second).
import { readFileSync } from 'node:fs';
import { koaFloorServer, startAerodbPair, startAerodbServer } from './http-servers.mjs';

const [mode, arg, docsArg, flag] = process.argv.slice(2);
let close;
if (mode === 'aerodb') close = await startAerodb(arg, Number(docsArg), flag === 'oplog');
else if (mode === 'aerodb-pair') close = await startPair(arg, Number(docsArg));
else if (mode === 'koa') close = await startKoa(arg);
else {
  console.error('usage: http-target.mjs aerodb <dataDir> <docs> [oplog] | aerodb-pair <dataDir> <docs> | koa <bodiesFile>');
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
  const server = await startAerodbServer({ dir, docs, fsync: true, oplog });
  console.log(JSON.stringify({ url: server.url, key: server.key }));
  return server.close;
}

async function startPair(dir, docs) {
  const servers = await startAerodbPair({ dir, docs, fsync: true });
  console.log(JSON.stringify({ urls: servers.urls, key: servers.key }));
  return servers.close;
}

async function startKoa(bodiesFile) {
  const server = await koaFloorServer(JSON.parse(readFileSync(bodiesFile, 'utf8')));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }));
  return () => new Promise((resolve) => server.close(resolve));
}
