// Functions benchmark (issue 8), against the built package (dist/):
//   - cold deploy: `aerodb deploy-function hello` in a fresh process (bundle -> componentize ->
//     transpile -> verify -> store), median of 3, the source touched before each so it rebuilds;
//   - warm invocation latency of hello through HTTP (POST /api/functions/hello, keep-alive,
//     sequential), p50/p99, minus a bare node:http round trip answering the same bytes (measured in
//     the same script, interleaved), and of a function making one db-query;
//   - first invocation right after a deploy through the running server (admin API), median of 3;
//   - throughput at concurrency 8.
// Servers run in their own processes (bench/lib/functions-target.mjs). Writes bench/results/functions.json.
//
//   npm run bench:functions      (BENCH_REQUESTS=3000 sequential requests per latency row, BENCH_SECONDS=5)
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, now } from './lib/measure.mjs';
import { spawnReadyChild } from './lib/ready-child.mjs';
import { machineInfo, writeResults } from './lib/report.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'run.js');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = 500;
const log = (message) => process.stderr.write(`${message}\n`);
const machine = machineInfo(repo);
const root = mkdtempSync(join(os.tmpdir(), 'aerodb-bench-fn-'));
const dir = join(root, 'app');

function setUpProject() {
  mkdirSync(join(dir, 'functions'), { recursive: true });
  writeFileSync(join(dir, 'aerodb.toml'), '[storage]\nfsync = false\n\n[functions]\npool_size = 2\n');
  cpSync(join(repo, 'templates', 'basic', 'functions', 'hello'), join(dir, 'functions', 'hello'), { recursive: true });
  mkdirSync(join(dir, 'functions', 'reader'));
  writeFileSync(join(dir, 'functions', 'reader', 'index.ts'), "import { db } from 'aerodb/function';\nexport function handle(input: { id: string }) {\n  return db.get('items', input.id);\n}\n");
  writeFileSync(join(dir, 'functions', 'reader', 'function.json'), JSON.stringify({ triggers: [{ http: { method: 'POST' } }], capabilities: ['database_read'] }));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'migrations', '001_items.aeromigration.json'),
    JSON.stringify({ version: '001', name: 'items', up: [{ op: 'create_collection', schema: { collection: 'items', fields: { _id: { type: 'string', required: true }, name: { type: 'string', required: true } }, rls: { read: 'public', create: 'service', update: 'service', delete: 'service' } } }], down: [{ op: 'drop_collection', collection: 'items' }] }),
  );
  execFileSync(process.execPath, [bin, 'migrate', 'up', '--dir', dir], { stdio: 'ignore' });
}

function deployCold(round) {
  appendFileSync(join(dir, 'functions', 'hello', 'index.ts'), `(globalThis as Record<string, unknown>).__bench = ${round + 1}; // bench rebuild\n`);
  const started = now();
  const out = execFileSync(process.execPath, [bin, 'deploy-function', 'hello', '--dir', dir, '--json'], { encoding: 'utf8' });
  const wall = now() - started;
  const report = JSON.parse(out)[0].report;
  if (report.status !== 'deployed') throw new Error('the cold deploy did not rebuild');
  return { wall_ms: wall, steps: Object.fromEntries(report.steps.map((s) => [s.step, Math.round(s.ms)])), total_ms: Math.round(report.total_ms) };
}

/** Servers still running when this script exits (also on a failure) are killed, the temp dir removed. */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function startTarget(args) {
  const { child, ready } = spawnReadyChild(new URL('./lib/functions-target.mjs', import.meta.url), args);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return ready;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function post(url, path, body, key) {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, ...(key ? { apikey: key } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sequential requests: p50/p99 in ms (after a warm-up). */
async function latency(send) {
  for (let i = 0; i < WARMUP; i++) await send(i);
  const samples = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = now();
    const reply = await send(i);
    samples.push(now() - started);
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.body}`);
  }
  samples.sort((a, b) => a - b);
  return { p50_ms: round(percentile(samples, 50)), p99_ms: round(percentile(samples, 99)), requests: REQUESTS };
}

async function throughput(send, concurrency) {
  const deadline = now() + SECONDS * 1000;
  let done = 0;
  const loop = async () => {
    while (now() < deadline) {
      const reply = await send(done);
      if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.body}`);
      done++;
    }
  };
  const started = now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { requests_per_s: Math.round(done / ((now() - started) / 1000)), concurrency, seconds: SECONDS };
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

setUpProject();
log('cold deploys (fresh process each) ...');
const cold = [0, 1, 2].map(deployCold);
execFileSync(process.execPath, [bin, 'deploy-function', 'reader', '--dir', dir], { stdio: 'ignore' });

const server = await startTarget(['serve', dir]);
const { url, anon, service } = server;
await post(url, '/api/functions/reader', { id: 'x' }, anon); // the collection is empty: insert one item through REST
await post(url, '/api/collections/items', { _id: 'i1', name: 'one' }, service);
const helloReply = await post(url, '/api/functions/hello', { name: 'Ada' }, anon);
const bare = await startTarget(['bare', helloReply.body]);

log('latency ...');
const sendHello = () => post(url, '/api/functions/hello', { name: 'Ada' }, anon);
const sendReader = () => post(url, '/api/functions/reader', { id: 'i1' }, anon);
const sendBare = () => post(bare.url, '/api/functions/hello', { name: 'Ada' }, anon);
const sendHealth = () => new Promise((resolve, reject) => http.get(`${url}/api/health`, { agent }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode })); }).on('error', reject));
const rows = { bare: [], health: [], hello: [], reader: [] };
for (let round = 0; round < 3; round++) {
  rows.bare.push(await latency(sendBare));
  rows.health.push(await latency(sendHealth));
  rows.hello.push(await latency(sendHello));
  rows.reader.push(await latency(sendReader));
}
const med = (runs, key) => round(median(runs.map((r) => r[key])));
const lat = Object.fromEntries(Object.entries(rows).map(([name, runs]) => [name, { p50_ms: med(runs, 'p50_ms'), p99_ms: med(runs, 'p99_ms'), runs }]));

log('throughput at concurrency 8 ...');
const tput = await throughput(sendHello, 8);
const tputBare = await throughput(sendBare, 8);

log('first invocation after a deploy through the server ...');
const { deployFunctions } = await import('../dist/services/functions/function-commands.js');
const first = [];
for (let i = 0; i < 3; i++) {
  appendFileSync(join(dir, 'functions', 'hello', 'index.ts'), `(globalThis as Record<string, unknown>).__bench = ${100 + i}; // bench live deploy\n`);
  const { outcomes } = await deployFunctions({ dir, names: ['hello'] });
  // serve's watcher sees the same edit and may deploy it first (then this deploy is "unchanged"):
  // either way the new version has just been activated and not yet invoked
  if (!outcomes[0].ok) throw new Error(JSON.stringify(outcomes[0]));
  const started = now();
  const reply = await sendHello();
  first.push(now() - started);
  if (!reply.body.includes(`"version":${outcomes[0].report.version}`)) throw new Error(`first call did not run the new version: ${reply.body}`);
}

await server.stop();
await bare.stop();
agent.destroy();
rmSync(root, { recursive: true, force: true });

const coldMedian = median(cold.map((c) => c.wall_ms));
const results = {
  date: new Date().toISOString(),
  machine: { ...machine, load_average_at_end: os.loadavg() },
  rows: [
    { id: 'cold_deploy', name: 'cold deploy (fresh `aerodb deploy-function` process)', value_ms: round(coldMedian), target_ms: 3000, target_met: coldMedian <= 3000, runs: cold },
    { id: 'bare_http', name: 'bare node:http round trip (same bytes)', p50_ms: lat.bare.p50_ms, p99_ms: lat.bare.p99_ms },
    { id: 'health', name: 'GET /api/health (the server stack, no function)', p50_ms: lat.health.p50_ms, p99_ms: lat.health.p99_ms },
    { id: 'hello', name: 'POST /api/functions/hello (warm)', p50_ms: lat.hello.p50_ms, p99_ms: lat.hello.p99_ms, p50_minus_bare_ms: round(lat.hello.p50_ms - lat.bare.p50_ms), target_ms: 1, target_met: lat.hello.p50_ms - lat.bare.p50_ms <= 1 },
    { id: 'db_query', name: 'POST /api/functions/reader (one db-query, warm)', p50_ms: lat.reader.p50_ms, p99_ms: lat.reader.p99_ms, p50_minus_bare_ms: round(lat.reader.p50_ms - lat.bare.p50_ms), target_ms: 2, target_met: lat.reader.p50_ms - lat.bare.p50_ms <= 2 },
    { id: 'first_after_deploy', name: 'first invocation after a live deploy', value_ms: round(median(first)), runs_ms: first.map(round), target_ms: 100, target_met: median(first) <= 100 },
    { id: 'throughput_c8', name: 'hello throughput, concurrency 8', requests_per_s: tput.requests_per_s, bare_requests_per_s: tputBare.requests_per_s },
  ],
  latency_runs: lat,
};
writeResults(join(repo, 'bench', 'results', 'functions.json'), results);
for (const row of results.rows) {
  const parts = Object.entries(row).filter(([k]) => !['id', 'name', 'runs', 'runs_ms'].includes(k)).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
  console.log(`${row.name.padEnd(52)} ${parts.join('  ')}`);
}
console.log(`cold deploy steps (ms): ${cold.map((c) => JSON.stringify(c.steps)).join(' | ')}`);
