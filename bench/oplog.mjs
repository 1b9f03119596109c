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
import { loadTarget, startTarget } from './lib/target-process.mjs';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const scale = process.env.BENCH_SCALE === undefined ? 1 : Number(process.env.BENCH_SCALE);
if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const scaled = (full, floor) => Math.max(floor, Math.round(full * scale));
const counts = {
  documents: scaled(100_000, 2_000),
  finds: scaled(20_000, 2_000),
  durableInserts: scaled(20_000, 2_000),
  cpuInserts: scaled(20_000, 2_000),
  restDocuments: scaled(100_000, 2_000),
  // aerodb.toml's retention_entries: every pair runs this many operations on both databases before
  // it is measured, so the log is at its steady state (window full, old buffers recycled) rather
  // than growing its first 100 MB of retained lines
  warmUp: scaled(100_000, 2_000),
};
const ROUNDS = 5;
const FIND_LIMIT = 20;
const CONCURRENCY = 64;
const REST_CONNECTIONS = 10;
const REST_SECONDS = scale === 1 ? 5 : 2;

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
  log(`find: warming up with ${counts.warmUp} finds on each database ...`);
  for (const db of [reads.off, reads.on]) for (let i = 0; i < counts.warmUp; i++) await db.find(COLLECTION, { filter: { category: categories[i % categories.length] }, limit: FIND_LIMIT });
  log(`find: ${counts.finds} indexed-equality finds (limit ${FIND_LIMIT}) on ${counts.documents} documents, ${ROUNDS} rounds`);
  rows.push(row('find', `indexed-equality find, limit ${FIND_LIMIT}, on ${counts.documents} documents, awaited one at a time`, await interleavedRuns({ off: findRun(reads.off), on: findRun(reads.on) }, { rounds: ROUNDS }), null));
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
  log(`insert: warming up with ${counts.warmUp} durable inserts on each database ...`);
  for (const db of [durable.off, durable.on]) await insertRun(db, counts.warmUp, CONCURRENCY, 900_000_000)(0);
  log(`insert: ${counts.durableInserts} durable single-document inserts, ${CONCURRENCY} in flight, ${ROUNDS} rounds`);
  rows.push(row('insert', `durable single-document inserts (fsync on), ${CONCURRENCY} in flight`, await interleavedRuns({ off: insertRun(durable.off, counts.durableInserts, CONCURRENCY, 0), on: insertRun(durable.on, counts.durableInserts, CONCURRENCY, 0) }, { rounds: ROUNDS }), null));
  await durable.on.oplog.flush();
  const insertStats = { ...durable.on.oplog.stats(), bytes_on_disk: oplogBytes(durable.on) };
  await durable.off.close();
  await durable.on.close();

  // ---- the same through the REST API, as `aerodb serve` users see it: each server in its own
  // process (bench/lib/http-target.mjs, seeded alike, durable), autocannon here; throughput per
  // server CPU second (process.cpuUsage of the server over IPC) and requests per second
  log(`REST: seeding two servers with ${counts.restDocuments} documents (operation log off / on) ...`);
  const targets = {
    off: await startTarget(['aerodb', join(workDir, 'rest-off'), String(counts.restDocuments)]),
    on: await startTarget(['aerodb', join(workDir, 'rest-on'), String(counts.restDocuments), 'oplog']),
  };
  try {
    const headers = { apikey: targets.off.key, 'content-type': 'application/json' };
    const restFind = {
      method: 'GET',
      headers,
      next: (i) => ({ path: `/api/collections/${COLLECTION}?filter=${encodeURIComponent(JSON.stringify({ category: categories[i % categories.length] }))}&limit=${FIND_LIMIT}` }),
    };
    let inserted = 0;
    const restInsert = { method: 'POST', headers, next: () => ({ path: `/api/collections/${COLLECTION}`, body: JSON.stringify(makeDocuments(20_000_000 + inserted++, 1)[0]) }) };
    const restRun = (mode, scenario) => async () => {
      const run = await loadTarget(targets[mode], scenario, REST_SECONDS, REST_CONNECTIONS);
      if (run.non_2xx > 0 || run.errors > 0) throw new Error(`REST ${scenario.method} (oplog ${mode}): ${run.non_2xx} non-2xx, ${run.errors} errors`);
      return { seconds: REST_SECONDS, value: 1e6 / run.server_cpu_us_per_req, extra: { wall_seconds: REST_SECONDS, wall_ops_per_s: run.req_per_s, server_cpu_us_per_req: run.server_cpu_us_per_req, p50_ms: run.p50_ms, p99_ms: run.p99_ms } };
    };
    log(`REST: warming up with ${counts.warmUp} list requests on each server ...`);
    for (const mode of ['off', 'on']) await loadTarget(targets[mode], restFind, null, REST_CONNECTIONS, counts.warmUp);
    log(`REST: GET /api/collections/${COLLECTION}?filter=...&limit=${FIND_LIMIT}, ${REST_CONNECTIONS} connections, ${ROUNDS} rounds of ${REST_SECONDS} s per server`);
    rows.push(row('rest-find', `REST indexed-equality list (GET ?filter, limit ${FIND_LIMIT}), server in its own process, ${REST_CONNECTIONS} connections`, await interleavedRuns({ off: restRun('off', restFind), on: restRun('on', restFind) }, { rounds: ROUNDS }), 0.1, 'ops per server CPU second'));
    log(`REST: durable POST /api/collections/${COLLECTION}, ${REST_CONNECTIONS} connections, ${ROUNDS} rounds of ${REST_SECONDS} s per server`);
    rows.push(row('rest-insert', `REST durable single-document insert (POST), server in its own process, ${REST_CONNECTIONS} connections`, await interleavedRuns({ off: restRun('off', restInsert), on: restRun('on', restInsert) }, { rounds: ROUNDS }), 0.05, 'ops per server CPU second'));
  } finally {
    await targets.off.stop();
    await targets.on.stop();
  }

  const cpu = await openPair('cpu', { fsync: false });
  log(`insert: warming up with ${counts.warmUp} inserts (fsync off) on each database ...`);
  for (const db of [cpu.off, cpu.on]) await insertRun(db, counts.warmUp, CONCURRENCY, 900_000_000)(0);
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
function row(id, name, runs, target, unit = 'ops per CPU second') {
  const overhead = 1 - runs.on.value / runs.off.value;
  return {
    id,
    name,
    unit,
    // what the log adds to each operation, in CPU microseconds
    added_cpu_us_per_op: 1e6 / runs.on.value - 1e6 / runs.off.value,
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
  const per = (r) => (r.unit === 'ops per server CPU second' ? '/server CPU s' : '/CPU s');
  const lines = list.map((r) => [
    r.name,
    `${fmt(r.oplog_off.value)} ${per(r)} (${fmt(wall(r.oplog_off))} /s)`,
    `${fmt(r.oplog_on.value)} ${per(r)} (${fmt(wall(r.oplog_on))} /s)`,
    `${(r.overhead * 100).toFixed(1)}%`,
    `${r.added_cpu_us_per_op.toFixed(1)} us`,
    r.target ? `${r.target.text}  ${r.target_met ? 'MET' : 'MISSED'}` : '(info)',
    r.oplog_on.method,
  ]);
  const header = ['measure', 'oplog off: ops per CPU second (wall /s)', 'oplog on', 'overhead (CPU)', 'added/op', 'target', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${[render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n')}\n`);
}
