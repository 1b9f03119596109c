// Operation-log overhead (issue 5): the same operations against one database opened with the
// operation log (aerodb.toml defaults: retention 100 000, slow threshold 100 ms, sample_rate 1.0,
// no webhook), through the log ("on") and through the engine it wraps ("off"). Rounds alternate
// (off, on, on, off, ...) so machine noise hits both; the overhead is the median of the rounds'
// on/off ratios.
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
import { loadEngine, openAerodb, unloggedInner } from './lib/aerodb-store.mjs';
import { CATEGORY_COUNT, COLLECTION, categoryName, makeDocuments } from './lib/documents.mjs';
import { interleavedRuns, median, now, seconds } from './lib/measure.mjs';
import { Prng } from './lib/prng.mjs';
import { machineInfo, writeResults } from './lib/report.mjs';
import { loadTarget, pinToOneCpu, startTarget } from './lib/target-process.mjs';

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
// REST rows: many short rounds, because server CPU per request on a shared 2-vCPU machine swings by
// 10-25% between back-to-back runs of the same server; the overhead is the median of the rounds'
// on/off ratios, and a control server (log off, like `off`) shows the noise floor. Rounds are spread
// over several server processes: the on/off ratio of one process moved by about 4 points between
// runs (its JIT and heap layout), more than the rounds within it.
const REST_PROCESSES = scale === 1 ? 3 : 1;
const REST_ROUNDS = scale === 1 ? 12 : 6;
const REST_SECONDS = 2;

const started = now();
const log = (message) => process.stderr.write(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}\n`);
const engine = await loadEngine();
const workDir = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-oplog-'));
const machine = machineInfo(repoDir);
const warnings = [];
log(`scale ${scale}, data in ${workDir}`);

/**
 * One database opened with the log: { on: it, off: the engine it wraps (the same data, unlogged),
 * close }. One database rather than two loaded alike, so the pair differs only by the log (two
 * databases differ in where their indexes' nodes landed in memory, and so in cache behaviour).
 */
async function openPair(name, options) {
  const on = await openAerodb(engine, join(workDir, name), { ...options, oplog: {}, onWarning: (w) => warnings.push(w) });
  return { off: unloggedInner(on), on, close: () => on.close() };
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
  const prng = new Prng(7);
  const categories = Array.from({ length: counts.finds }, () => categoryName(prng.int(CATEGORY_COUNT)));
  const findRun = (db) => () =>
    measured(categories.length, db, async () => {
      for (const category of categories) await db.find(COLLECTION, { filter: { category }, limit: FIND_LIMIT });
    });
  log(`find: warming up with ${counts.warmUp} finds on each database ...`);
  for (const db of [reads.off, reads.on]) for (let i = 0; i < counts.warmUp; i++) await db.find(COLLECTION, { filter: { category: categories[i % categories.length] }, limit: FIND_LIMIT });
  log(`find: ${counts.finds} indexed-equality finds (limit ${FIND_LIMIT}) on ${counts.documents} documents, ${ROUNDS} rounds`);
  rows.push(row('find', `indexed-equality find, limit ${FIND_LIMIT}, on ${counts.documents} documents, awaited one at a time`, await interleavedRuns({ off: findRun(reads.off), on: findRun(reads.on) }, { rounds: ROUNDS, alternate: true }), null));
  await reads.on.oplog.flush();
  const readStats = { ...reads.on.oplog.stats(), bytes_on_disk: oplogBytes(reads.on) };
  await reads.close();

  // ---- inserts: durable with 64 in flight (the default configuration), and CPU-bound (fsync off, one at a time)
  // `off` and `on` insert into the same collection: their _ids come from separate ranges
  const ON_IDS = 400_000_000;
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
  await insertRun(durable.off, counts.warmUp, CONCURRENCY, 900_000_000)(0);
  await insertRun(durable.on, counts.warmUp, CONCURRENCY, 900_000_000 + ON_IDS)(0);
  log(`insert: ${counts.durableInserts} durable single-document inserts, ${CONCURRENCY} in flight, ${ROUNDS} rounds`);
  rows.push(row('insert', `durable single-document inserts (fsync on), ${CONCURRENCY} in flight`, await interleavedRuns({ off: insertRun(durable.off, counts.durableInserts, CONCURRENCY, 0), on: insertRun(durable.on, counts.durableInserts, CONCURRENCY, ON_IDS) }, { rounds: ROUNDS, alternate: true }), null));
  await durable.on.oplog.flush();
  const insertStats = { ...durable.on.oplog.stats(), bytes_on_disk: oplogBytes(durable.on) };
  await durable.close();

  // ---- the same through the REST API, as `aerodb serve` users see it: server processes started one
  // after another (bench/lib/http-target.mjs aerodb-pair, durable), each with three servers over one
  // database: log off, on, and off again (the control); autocannon here loads one at a time.
  // Throughput per server CPU second (process.cpuUsage of that process over IPC) and requests per
  // second. The three servers share a process because processes started alike differed by up to
  // 10% by themselves; the pairs are spread over several processes for the same reason.
  // the server and autocannon share one CPU (see pinToOneCpu): server CPU per request without the
  // cost of cross-CPU wake-ups, which grows with the server's own cost and swamped the log's
  const unpin = pinToOneCpu(0);
  if (unpin === null) warnings.push('taskset not available: the REST rows ran unpinned (noisier)');
  const headers = (key) => ({ apikey: key, 'content-type': 'application/json' });
  const restFind = (key) => ({
    method: 'GET',
    headers: headers(key),
    next: (i) => ({ path: `/api/collections/${COLLECTION}?filter=${encodeURIComponent(JSON.stringify({ category: categories[i % categories.length] }))}&limit=${FIND_LIMIT}` }),
  });
  let inserted = 0;
  const restInsert = (key) => ({ method: 'POST', headers: headers(key), next: () => ({ path: `/api/collections/${COLLECTION}`, body: JSON.stringify(makeDocuments(20_000_000 + inserted++, 1)[0]) }) });
  const perProcess = { find: [], insert: [] };
  try {
    for (let p = 0; p < REST_PROCESSES; p++) {
      log(`REST: server process ${p + 1} of ${REST_PROCESSES}: seeding ${counts.restDocuments} documents (servers: log off, on, control) ...`);
      const pair = await startTarget(['aerodb-pair', join(workDir, `rest-${p}`), String(counts.restDocuments)], { cpu: unpin === null ? null : 0 });
      try {
        const targets = Object.fromEntries(['off', 'on', 'control'].map((mode) => [mode, { url: pair.urls[mode], key: pair.key, cpu: pair.cpu }]));
        const restRun = (mode, scenario) => async () => {
          const run = await loadTarget(targets[mode], scenario, REST_SECONDS, REST_CONNECTIONS);
          if (run.non_2xx > 0 || run.errors > 0) throw new Error(`REST ${scenario.method} (oplog ${mode}): ${run.non_2xx} non-2xx, ${run.errors} errors`);
          return { seconds: REST_SECONDS, value: 1e6 / run.server_cpu_us_per_req, extra: { process: p, wall_seconds: REST_SECONDS, wall_ops_per_s: run.req_per_s, server_cpu_us_per_req: run.server_cpu_us_per_req, p50_ms: run.p50_ms, p99_ms: run.p99_ms } };
        };
        const runners = (scenario) => Object.fromEntries(['off', 'on', 'control'].map((mode) => [mode, restRun(mode, scenario)]));
        log(`REST: warming up with ${counts.warmUp} list requests on each server ...`);
        await loadTarget(targets.on, restFind(pair.key), null, REST_CONNECTIONS, counts.warmUp);
        await loadTarget(targets.off, restFind(pair.key), null, REST_CONNECTIONS, counts.warmUp);
        // rotated: each server takes every position in a round equally often
        const rest = { rounds: REST_ROUNDS, rotate: true };
        log(`REST: GET /api/collections/${COLLECTION}?filter=...&limit=${FIND_LIMIT}, ${REST_CONNECTIONS} connections, ${REST_ROUNDS} rounds of ${REST_SECONDS} s per server (off, on, control)`);
        perProcess.find.push(await interleavedRuns(runners(restFind(pair.key)), rest));
        log(`REST: durable POST /api/collections/${COLLECTION}, ${REST_CONNECTIONS} connections, ${REST_ROUNDS} rounds of ${REST_SECONDS} s per server (off, on, control)`);
        perProcess.insert.push(await interleavedRuns(runners(restInsert(pair.key)), rest));
      } finally {
        await pair.stop();
      }
    }
  } finally {
    unpin?.();
  }
  const findRuns = pooled(perProcess.find);
  const insertRuns = pooled(perProcess.insert);
  const restWhere = `${REST_PROCESSES} server processes, ${REST_CONNECTIONS} connections`;
  rows.push(row('rest-find', `REST indexed-equality list (GET ?filter, limit ${FIND_LIMIT}), ${restWhere}`, findRuns, 0.1, 'ops per server CPU second'));
  rows.push(row('rest-find-control', 'noise floor: the same REST list against the control server (log off, as "off")', { off: findRuns.off, on: findRuns.control }, null, 'ops per server CPU second'));
  rows.push(row('rest-insert', `REST durable single-document insert (POST), ${restWhere}`, insertRuns, 0.05, 'ops per server CPU second'));
  rows.push(row('rest-insert-control', 'noise floor: the same REST insert against the control server (log off, as "off")', { off: insertRuns.off, on: insertRuns.control }, null, 'ops per server CPU second'));

  const cpu = await openPair('cpu', { fsync: false });
  log(`insert: warming up with ${counts.warmUp} inserts (fsync off) on each database ...`);
  await insertRun(cpu.off, counts.warmUp, CONCURRENCY, 900_000_000)(0);
  await insertRun(cpu.on, counts.warmUp, CONCURRENCY, 900_000_000 + ON_IDS)(0);
  log(`insert: ${counts.cpuInserts} single-document inserts with fsync off, one at a time (CPU-bound), ${ROUNDS} rounds`);
  rows.push(row('insert-cpu', 'single-document inserts, fsync off, one at a time (CPU-bound worst case)', await interleavedRuns({ off: insertRun(cpu.off, counts.cpuInserts, 1, 0), on: insertRun(cpu.on, counts.cpuInserts, 1, ON_IDS) }, { rounds: ROUNDS, alternate: true }), null));
  await cpu.close();

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

/** The rounds of every server process as one set of runs per server (pairs stay aligned by round). */
function pooled(list) {
  return Object.fromEntries(
    ['off', 'on', 'control'].map((mode) => {
      const runs = list.flatMap((runsByMode) => runsByMode[mode].runs);
      return [mode, { value: median(runs), runs, seconds: list.flatMap((r) => r[mode].seconds), method: `median of ${runs.length} (${list.length} processes)`, extra: list.flatMap((r) => r[mode].extra) }];
    }),
  );
}

/** overhead = 1 - on/off throughput; target (a fraction) or null for an informational row */
function row(id, name, runs, target, unit = 'ops per CPU second') {
  // each round measured off and on back to back: the median of the rounds' ratios cancels the drift
  // in machine load between rounds that separate medians keep
  const ratios = runs.on.runs.map((on, i) => on / runs.off.runs[i]);
  const ratio = median(ratios);
  const overhead = 1 - ratio;
  return {
    id,
    name,
    unit,
    // what the log adds to each operation, in CPU microseconds (from the paired ratio)
    added_cpu_us_per_op: (1e6 / runs.off.value) * (1 / ratio - 1),
    oplog_off: runs.off,
    oplog_on: runs.on,
    ratio_on_off: ratio,
    paired_ratios: ratios,
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
