// Operation-log overhead (issue 5): the same operations against two databases with the same data,
// one with the operation log on (aerodb.toml defaults: retention 100 000, slow threshold 100 ms,
// sample_rate 1.0, no webhook) and one without. Rounds alternate on/off so machine noise hits both.
// Throughput is counted per CPU second of this process (process.cpuUsage: the main thread, the
// threadpool that writes the files, and the GC), which load from elsewhere on a shared machine
// disturbs far less than wall-clock rates; wall-clock rates are recorded too. Each "on" run ends by
// flushing the log, so the deferred work (building and writing the entries) is counted.
// Uses the built package.
//
//   npm run bench:oplog                  full size; writes bench/results/oplog.json
//   BENCH_SCALE=0.1 npm run bench:oplog  smaller; writes bench/results/oplog-partial.json
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine, openAerodb } from './lib/aerodb-store.mjs';
import { CATEGORY_COUNT, COLLECTION, categoryName, makeDocuments } from './lib/documents.mjs';
import { interleavedRuns, now, seconds } from './lib/measure.mjs';
import { Prng } from './lib/prng.mjs';
import { machineInfo, writeResults } from './lib/report.mjs';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const scale = process.env.BENCH_SCALE === undefined ? 1 : Number(process.env.BENCH_SCALE);
if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const scaled = (full, floor) => Math.max(floor, Math.round(full * scale));
const counts = {
  documents: scaled(100_000, 2_000),
  finds: scaled(20_000, 2_000),
  durableInserts: scaled(20_000, 2_000),
  cpuInserts: scaled(20_000, 2_000),
  restFinds: scaled(5_000, 1_000),
  restInserts: scaled(5_000, 1_000),
};
const ROUNDS = 5;
const FIND_LIMIT = 20;
const CONCURRENCY = 64;
const REST_CONCURRENCY = 16;

const started = now();
const log = (message) => process.stderr.write(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}\n`);
const engine = await loadEngine();
const workDir = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-oplog-'));
const machine = machineInfo(repoDir);
const warnings = [];
log(`scale ${scale}, data in ${workDir}`);

/** Two databases with the same documents: { off, on }. */
async function openPair(name, options) {
  const pair = {};
  for (const mode of ['off', 'on']) {
    const oplog = mode === 'on' ? { oplog: {} } : {};
    pair[mode] = await openAerodb(engine, join(workDir, `${name}-${mode}`), { ...options, ...oplog, onWarning: (w) => warnings.push(w) });
  }
  return pair;
}

async function load(db, count) {
  for (let start = 0; start < count; start += 10_000) await db.insert(COLLECTION, makeDocuments(start, Math.min(10_000, count - start)));
}

function oplogBytes(db) {
  const dir = join(db.dir, 'oplog');
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Runs `body` (which does `count` operations) then flushes `db`'s log; per CPU second and wall. */
async function measured(count, db, body) {
  const cpu = process.cpuUsage();
  const t = now();
  await body();
  await db.oplog?.flush();
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const wall = seconds(t);
  return { seconds: cpuSeconds, value: count / cpuSeconds, extra: { wall_seconds: wall, wall_ops_per_s: count / wall } };
}

const rows = [];
try {
  // ---- indexed find, limit 20
  const reads = await openPair('reads', { fsync: true });
  await load(reads.off, counts.documents);
  await load(reads.on, counts.documents);
  const prng = new Prng(7);
  const categories = Array.from({ length: counts.finds }, () => categoryName(prng.int(CATEGORY_COUNT)));
  const findRun = (db) => () =>
    measured(categories.length, db, async () => {
      for (const category of categories) await db.find(COLLECTION, { filter: { category }, limit: FIND_LIMIT });
    });
  log(`find: ${counts.finds} indexed-equality finds (limit ${FIND_LIMIT}) on ${counts.documents} documents, ${ROUNDS} rounds`);
  rows.push(row('find', `indexed-equality find, limit ${FIND_LIMIT}, on ${counts.documents} documents, awaited one at a time`, await interleavedRuns({ off: findRun(reads.off), on: findRun(reads.on) }, { rounds: ROUNDS }), 0.1));
  await reads.on.oplog.flush();
  const readStats = { ...reads.on.oplog.stats(), bytes_on_disk: oplogBytes(reads.on) };
  await reads.off.close();
  await reads.on.close();

  // ---- inserts: durable with 64 in flight (the default configuration), and CPU-bound (fsync off, one at a time)
  const insertRun = (db, total, concurrency, base) => async (round) => {
    let next = 0;
    const first = base + round * total;
    const docs = makeDocuments(first, total);
    const worker = async () => {
      while (next < total) {
        const i = next++;
        await db.insert(COLLECTION, { ...docs[i], _id: `bench-${String(first + i).padStart(9, '0')}` });
      }
    };
    return measured(total, db, () => Promise.all(Array.from({ length: concurrency }, worker)));
  };
  const durable = await openPair('durable', { fsync: true });
  log(`insert: ${counts.durableInserts} durable single-document inserts, ${CONCURRENCY} in flight, ${ROUNDS} rounds`);
  rows.push(row('insert', `durable single-document inserts (fsync on), ${CONCURRENCY} in flight`, await interleavedRuns({ off: insertRun(durable.off, counts.durableInserts, CONCURRENCY, 0), on: insertRun(durable.on, counts.durableInserts, CONCURRENCY, 0) }, { rounds: ROUNDS }), 0.05));
  await durable.on.oplog.flush();
  const insertStats = { ...durable.on.oplog.stats(), bytes_on_disk: oplogBytes(durable.on) };
  await durable.off.close();
  await durable.on.close();

  // ---- the same through the REST API (what `aerodb serve` users see): server and client in this process
  const rest = await openPair('rest', { fsync: true });
  await load(rest.off, counts.documents);
  await load(rest.on, counts.documents);
  const { createServer } = await import(new URL('../dist/index.js', import.meta.url).href);
  const keys = { anon: `aero_anon_${'a'.repeat(32)}`, service: `aero_service_${'b'.repeat(32)}` };
  const servers = {};
  for (const mode of ['off', 'on']) servers[mode] = await createServer({ db: rest[mode], keys, adminToken: 'bench', port: 0, version: 'bench' });
  const headers = { apikey: keys.service, 'content-type': 'application/json' };
  const restRun = (mode, total, request) => async (round) => {
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const res = await fetch(servers[mode].url + request.path(i, round), { method: request.method, headers, body: request.body?.(i, round) });
        if (res.status >= 300) throw new Error(`${request.method} ${request.path(i, round)}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    return measured(total, rest[mode], () => Promise.all(Array.from({ length: REST_CONCURRENCY }, worker)));
  };
  const restFind = { method: 'GET', path: (i) => `/api/collections/${COLLECTION}?filter=${encodeURIComponent(JSON.stringify({ category: categories[i % categories.length] }))}&limit=${FIND_LIMIT}` };
  log(`REST: ${counts.restFinds} GET /api/collections/${COLLECTION}?filter=...&limit=${FIND_LIMIT}, ${REST_CONCURRENCY} in flight, ${ROUNDS} rounds`);
  rows.push(row('rest-find', `REST indexed-equality list (GET ?filter, limit ${FIND_LIMIT}), ${REST_CONCURRENCY} in flight`, await interleavedRuns({ off: restRun('off', counts.restFinds, restFind), on: restRun('on', counts.restFinds, restFind) }, { rounds: ROUNDS }), 0.1));
  const restInsert = (mode) => ({
    method: 'POST',
    path: () => `/api/collections/${COLLECTION}`,
    body: (i, round) => JSON.stringify({ ...makeDocuments(i, 1)[0], _id: `rest-${mode}-${round}-${String(i).padStart(7, '0')}` }),
  });
  log(`REST: ${counts.restInserts} durable POST /api/collections/${COLLECTION}, ${REST_CONCURRENCY} in flight, ${ROUNDS} rounds`);
  rows.push(row('rest-insert', `REST durable single-document insert (POST), ${REST_CONCURRENCY} in flight`, await interleavedRuns({ off: restRun('off', counts.restInserts, restInsert('off')), on: restRun('on', counts.restInserts, restInsert('on')) }, { rounds: ROUNDS }), 0.05));
  for (const mode of ['off', 'on']) await servers[mode].close();
  await rest.off.close();
  await rest.on.close();

  const cpu = await openPair('cpu', { fsync: false });
  log(`insert: ${counts.cpuInserts} single-document inserts with fsync off, one at a time (CPU-bound), ${ROUNDS} rounds`);
  rows.push(row('insert-cpu', 'single-document inserts, fsync off, one at a time (CPU-bound worst case)', await interleavedRuns({ off: insertRun(cpu.off, counts.cpuInserts, 1, 0), on: insertRun(cpu.on, counts.cpuInserts, 1, 0) }, { rounds: ROUNDS }), null));
  await cpu.off.close();
  await cpu.on.close();

  const report = {
    benchmark: 'oplog',
    date: new Date().toISOString(),
    scale,
    machine: { ...machine, load_average_at_end: os.loadavg() },
    counts,
    rows,
    oplog_after_finds: readStats,
    oplog_after_durable_inserts: insertStats,
    warnings,
  };
  const file = join(repoDir, 'bench', 'results', scale === 1 ? 'oplog.json' : 'oplog-partial.json');
  writeResults(file, report);
  printTable(rows);
  log(`load average: start ${machine.load_average_at_start.map((l) => l.toFixed(2)).join(' ')}, end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(`results: ${file}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** overhead = 1 - on/off throughput; target (a fraction) or null for an informational row */
function row(id, name, runs, target) {
  const overhead = 1 - runs.on.value / runs.off.value;
  return {
    id,
    name,
    unit: 'ops per CPU second',
    oplog_off: runs.off,
    oplog_on: runs.on,
    ratio_on_off: runs.on.value / runs.off.value,
    overhead,
    target: target === null ? null : { text: `overhead <= ${Math.round(target * 100)}%`, maxOverhead: target },
    target_met: target === null ? null : overhead <= target,
  };
}

function printTable(list) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const wall = (run) => run.extra.map((e) => e.wall_ops_per_s).sort((a, b) => a - b)[run.extra.length >> 1];
  const lines = list.map((r) => [
    r.name,
    `${fmt(r.oplog_off.value)} /CPU s (${fmt(wall(r.oplog_off))} /s)`,
    `${fmt(r.oplog_on.value)} /CPU s (${fmt(wall(r.oplog_on))} /s)`,
    `${(r.overhead * 100).toFixed(1)}%`,
    r.target ? `${r.target.text}  ${r.target_met ? 'MET' : 'MISSED'}` : '(info)',
    r.oplog_on.method,
  ]);
  const header = ['measure', 'oplog off: ops per CPU second (wall /s)', 'oplog on', 'overhead (CPU)', 'target', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${[render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n')}\n`);
}
