// HTTP benchmark (issue 4): the dev server against a bare koa app answering the same bytes from
// memory (the HTTP floor), with autocannon; plus `aerodb serve` to its first 200 and `aerodb --help`.
//
//   npm run bench:http     (BENCH_DURATION=5 seconds per run, BENCH_CONNECTIONS=10, BENCH_DOCS=10000,
//                           BENCH_ROUNDS=3 runs per row and target, BENCH_DIR=/path for the data)
//   npm run bench:http -- --quick   (2-second runs, one round, no startup rows; http-partial.json)
//   npm run bench:http -- --in-process   (CPU per request without sockets, see lib/http-in-process.mjs;
//                                         printed only)
//
// Each server runs in its own process; autocannon runs here. Rows alternate targets (ours, koa) so
// load from elsewhere on the machine hits both alike; each row keeps the median of its rounds.
// Latencies are recorded per response (ms with fractions, from autocannon's 'response' events), not
// from its integer-ms histogram. One more GET by id row runs a second server with the operation log
// on, as `aerodb serve` has it by default.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORY_COUNT, COLLECTION, categoryName, makeDocument } from './lib/documents.mjs';
import { inProcessRows } from './lib/http-in-process.mjs';
import { loadTarget, startTarget } from './lib/target-process.mjs';
import { median, now, seconds } from './lib/measure.mjs';
import { machineInfo, writeResults } from './lib/report.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'run.js');
const QUICK = process.argv.includes('--quick');
const IN_PROCESS = process.argv.includes('--in-process');
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 5));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const STARTUP_RUNS = 5;
const WARMUP_SECONDS = 3;
const ID_SAMPLE = Math.min(1000, DOCS);
const root = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-http-'));
const log = (message) => process.stderr.write(`${message}\n`);
const machine = machineInfo(repo);

/** The three request shapes; `next()` varies the id, category or document per request. */
function scenarios(key) {
  const ids = Array.from({ length: ID_SAMPLE }, (_, i) => makeDocument(Math.floor((i * DOCS) / ID_SAMPLE))._id);
  const headers = { apikey: key, 'content-type': 'application/json' };
  let insertSeq = 0;
  return [
    { id: 'get_by_id', name: 'GET by id', method: 'GET', headers, body: 'get', next: (i) => ({ path: `/api/collections/${COLLECTION}/${ids[i % ids.length]}` }), target: { min_ratio: 0.7 } },
    {
      id: 'get_by_id_oplog',
      name: 'GET by id, operation log on (serve default)',
      method: 'GET',
      headers,
      server: 'oplog',
      body: 'get',
      next: (i) => ({ path: `/api/collections/${COLLECTION}/${ids[i % ids.length]}` }),
    },
    {
      id: 'list_indexed',
      name: 'list, indexed filter, limit 20',
      method: 'GET',
      headers,
      body: 'list',
      next: (i) => ({ path: `/api/collections/${COLLECTION}?filter=${encodeURIComponent(JSON.stringify({ category: categoryName(i % CATEGORY_COUNT) }))}&limit=20` }),
    },
    {
      id: 'insert',
      name: 'POST insert (durable: fdatasync before 201)',
      method: 'POST',
      headers,
      body: 'insert',
      next: () => ({ path: `/api/collections/${COLLECTION}`, body: JSON.stringify(makeDocument(10_000_000 + insertSeq++)) }),
    },
  ];
}

function fetchBody(url, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode < 300 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${method} ${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function httpRows() {
  log(`bench:http: seeding ${DOCS} documents (durable) ...`);
  const ours = await startTarget(['aerodb', join(root, 'data'), String(DOCS)]);
  const withOplog = await startTarget(['aerodb', join(root, 'data-oplog'), String(DOCS), 'oplog']);
  const servers = { aerodb: ours, oplog: withOplog };
  const rows = scenarios(ours.key);
  const row = (id) => rows.find((r) => r.id === id);
  const { headers } = rows[0];
  // the floor answers with exactly the bytes our server sends for each route
  const first = (scenario) => scenario.next(0);
  const bodies = {
    get: await fetchBody(ours.url, 'GET', first(row('get_by_id')).path, headers),
    list: await fetchBody(ours.url, 'GET', first(row('list_indexed')).path, headers),
    insert: await fetchBody(ours.url, 'POST', `/api/collections/${COLLECTION}`, headers, JSON.stringify(makeDocument(9_999_999))),
  };
  // same data, same bytes: the operation log changes nothing in the response
  const oplogGet = await fetchBody(withOplog.url, 'GET', first(row('get_by_id')).path, headers);
  if (oplogGet !== bodies.get) throw new Error(`the server with the operation log answers GET by id differently:\n${oplogGet}\n${bodies.get}`);
  const bodiesFile = join(root, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  const floor = await startTarget(['koa', bodiesFile]);
  try {
    log(`bench:http: warming up (${WARMUP_SECONDS} s each) ...`);
    await loadTarget(ours, rows[0], WARMUP_SECONDS, CONNECTIONS);
    await loadTarget(withOplog, rows[0], WARMUP_SECONDS, CONNECTIONS);
    await loadTarget(floor, rows[0], WARMUP_SECONDS, CONNECTIONS);
    const results = [];
    for (const scenario of rows) {
      const target = servers[scenario.server ?? 'aerodb'];
      const runs = { aerodb: [], koa: [] };
      for (let round = 0; round < ROUNDS; round++) {
        log(`bench:http: ${scenario.name}, round ${round + 1}/${ROUNDS} (${DURATION} s per target) ...`);
        runs.aerodb.push(await loadTarget(target, scenario, DURATION, CONNECTIONS));
        runs.koa.push(await loadTarget(floor, scenario, DURATION, CONNECTIONS));
      }
      const pick = (list) => list.find((r) => r.req_per_s === median(list.map((x) => x.req_per_s))) ?? list[0];
      const aerodb = pick(runs.aerodb);
      const koa = pick(runs.koa);
      // each round's pair ran back to back under the same load: the ratio is the median of the pairs'
      const roundRatios = runs.aerodb.map((run, round) => run.req_per_s / runs.koa[round].req_per_s);
      const ratio = median(roundRatios);
      results.push({
        id: scenario.id,
        name: scenario.name,
        aerodb,
        koa,
        ratio_req_per_s: ratio,
        round_ratios: roundRatios,
        target: scenario.target ? `>= ${scenario.target.min_ratio * 100}% of bare koa req/s` : null,
        target_met: scenario.target ? ratio >= scenario.target.min_ratio : null,
        bytes_per_response: Buffer.byteLength(bodies[scenario.body]),
        runs,
      });
    }
    return results;
  } finally {
    await ours.stop();
    await withOplog.stop();
    await floor.stop();
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthOk(url) {
  return new Promise((resolve) => {
    const req = http.get(`${url}/api/health`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

const cliEnv = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' };

/** Seconds from spawning `aerodb serve` to the first 200 of GET /api/health. */
async function serveToFirst200(project) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = now();
  const child = spawn(process.execPath, [bin, 'serve', '--no-ui', '--port', String(port)], { cwd: project, stdio: 'ignore', env: cliEnv });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let ready = null;
  while (ready === null) {
    if (await healthOk(url)) ready = seconds(t);
    else await new Promise((resolve) => setTimeout(resolve, 5));
    if (seconds(t) > 30) throw new Error('aerodb serve did not answer within 30 s');
  }
  child.kill('SIGTERM');
  await exited;
  return ready;
}

function timeCommand(args, cwd) {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: 'ignore', env: cliEnv });
    child.once('exit', (code) => (code === 0 ? resolve(seconds(t)) : reject(new Error(`aerodb ${args.join(' ')} exited with ${code}`))));
  });
}

async function startupRows() {
  const project = join(root, 'project');
  await timeCommand(['init', project], root);
  const serveRuns = [];
  const helpRuns = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    serveRuns.push(await serveToFirst200(project));
    helpRuns.push(await timeCommand(['--help'], root));
  }
  return [
    { id: 'serve_first_200', name: '`aerodb serve` (init template) to first 200 of /api/health', median_s: median(serveRuns), runs_s: serveRuns, target_s: 1, target_met: median(serveRuns) <= 1 },
    { id: 'help', name: '`aerodb --help` (no oclif manifest: the repo checkout)', median_s: median(helpRuns), runs_s: helpRuns, target_s: 0.5, target_met: median(helpRuns) <= 0.5 },
  ];
}

/** --in-process: prints our CPU per request next to the floor's, row by row. */
async function inProcessReport() {
  const rows = await inProcessRows({ root, docs: DOCS, rounds: Number(process.env.BENCH_ROUNDS ?? 7), scenarios, log });
  const lines = [
    `load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${machine.cpu_count} cores); in-process, one client, lowest CPU per request of the rounds, no fsync`,
    '',
    'row                                           AeroDB us/req  koa us/req  extra us  ratio',
  ];
  for (const r of rows) {
    lines.push(`${r.name.padEnd(44)}  ${r.aerodb_cpu_us_per_req.toFixed(1).padStart(13)}  ${r.koa_cpu_us_per_req.toFixed(1).padStart(10)}  ${r.extra_us.toFixed(1).padStart(8)}  ${(r.ratio * 100).toFixed(0).padStart(4)}%`);
  }
  console.log(lines.join('\n'));
}

async function socketReport() {
  const http_rows = await httpRows();
  if (!QUICK) log('bench:http: startup times (medians of 5) ...');
  const startup_rows = QUICK ? [] : await startupRows();
  const report = {
    benchmark: 'http',
    date: new Date().toISOString(),
    machine: { ...machine, load_average_at_end: os.loadavg() },
    settings: { duration_s: DURATION, connections: CONNECTIONS, documents: DOCS, rounds: ROUNDS, autocannon: '8.0.0', fsync: true, quick: QUICK },
    http_rows,
    startup_rows,
  };
  // only a run with the default settings is the result; smoke runs go to the gitignored partial file
  const full = !QUICK && ['BENCH_DURATION', 'BENCH_CONNECTIONS', 'BENCH_DOCS', 'BENCH_ROUNDS'].every((name) => process.env[name] === undefined);
  writeResults(fileURLToPath(new URL(`./results/${full ? 'http' : 'http-partial'}.json`, import.meta.url)), report);
  const fmt = (n, d = 0) => (n === null ? 'n/a' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const lines = [
    `load average: ${machine.load_average_at_start.map((l) => l.toFixed(2)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at end (${machine.cpu_count} cores)`,
    '',
    'row                                           AeroDB req/s  p50 ms  p99 ms  cpu us/req   koa req/s  p50 ms  p99 ms  cpu us/req  ratio   target',
  ];
  for (const r of http_rows) {
    const side = (x, w) => `${fmt(x.req_per_s).padStart(w)}  ${fmt(x.p50_ms, 2).padStart(6)}  ${fmt(x.p99_ms, 2).padStart(6)}  ${fmt(x.server_cpu_us_per_req).padStart(10)}`;
    lines.push(
      `${r.name.padEnd(44)}  ${side(r.aerodb, 12)}  ${side(r.koa, 10)}  ${(r.ratio_req_per_s * 100).toFixed(0).padStart(4)}%  ${r.target ? `${r.target}${r.target_met ? '  MET' : '  MISSED'}` : '-'}  (rounds ${r.round_ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(' ')})`,
    );
    if (r.aerodb.non_2xx || r.aerodb.errors) lines.push(`  !! AeroDB: ${r.aerodb.non_2xx} non-2xx, ${r.aerodb.errors} errors`);
  }
  lines.push('');
  for (const r of startup_rows) lines.push(`${r.name}: median ${(r.median_s * 1000).toFixed(0)} ms (target <= ${r.target_s * 1000} ms${r.target_met ? ', MET' : ', MISSED'}); runs ${r.runs_s.map((s) => (s * 1000).toFixed(0)).join(', ')} ms`);
  console.log(lines.join('\n'));
}

try {
  if (IN_PROCESS) await inProcessReport();
  else await socketReport();
} finally {
  rmSync(root, { recursive: true, force: true });
}
