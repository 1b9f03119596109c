// AeroDB engine benchmark against SQLite (better-sqlite3, WAL, synchronous=FULL, JSON documents with
// expression indexes). Same script, same data, same machine. See bench/README.md.
//
//   npm run bench:engine                       full size (several minutes)
//   BENCH_SCALE=0.01 npm run bench:engine      smoke run (seconds)
//   node bench/run-with-deps.mjs engine.mjs --part=ops|recovery [--skip-aerodb]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './lib/aerodb-store.mjs';
import { now, seconds } from './lib/measure.mjs';
import { finishRow, machineInfo, renderTable, writeResults } from './lib/report.mjs';
import { runReadRows } from './lib/rows-read.mjs';
import { runRecoveryRows } from './lib/rows-recovery.mjs';
import { runWriteRows } from './lib/rows-write.mjs';
import { BETTER_SQLITE3_VERSION, SqliteDocStore } from './lib/sqlite-store.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = join(benchDir, '..');

function parseArgs(argv) {
  const options = { parts: ['ops', 'recovery'], skipAerodb: false };
  for (const arg of argv) {
    if (arg.startsWith('--part=')) options.parts = arg.slice('--part='.length).split(',');
    else if (arg === '--skip-aerodb') options.skipAerodb = true;
    else throw new Error(`unknown argument ${arg} (use --part=ops|recovery, --skip-aerodb)`);
  }
  for (const part of options.parts) {
    if (part !== 'ops' && part !== 'recovery') throw new Error(`unknown part ${part} (ops, recovery)`);
  }
  return options;
}

function parseScale(text) {
  const scale = text === undefined || text === '' ? 1 : Number(text);
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be a number in (0, 1], got ${text}`);
  return scale;
}

/** Document and operation counts at full size, scaled down (never below a floor) by BENCH_SCALE. */
function countsFor(scale) {
  const scaled = (full, floor) => Math.max(floor, Math.round(full * scale));
  return {
    singleSqlite: scaled(2_000, 50),
    singleC1: scaled(2_000, 50),
    singleC64: scaled(20_000, 640),
    bulk: scaled(100_000, 2_000),
    getOps: scaled(100_000, 2_000),
    findOps: scaled(20_000, 2_000),
    large: scaled(1_000_000, 10_000),
    walTail: scaled(100_000, 1_000),
  };
}

const started = now();
const log = (message) => process.stderr.write(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}\n`);

const options = parseArgs(process.argv.slice(2));
const scale = parseScale(process.env.BENCH_SCALE);
const counts = countsFor(scale);
const engine = options.skipAerodb ? null : await loadEngine();
const workDir = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-'));
const machine = machineInfo(repoDir);
log(`scale ${scale}, data in ${workDir} (set BENCH_DIR to bench another disk)`);

const probe = new SqliteDocStore(join(workDir, 'probe.db'));
const sqliteVersion = probe.sqliteVersion;
probe.close();

const rows = [];
try {
  if (options.parts.includes('ops')) {
    const writes = await runWriteRows({ engine, workDir, counts, log });
    rows.push(...writes.rows);
    rows.push(...(await runReadRows({ engine, readSets: writes.readSets, counts, log })));
  }
  if (options.parts.includes('recovery')) rows.push(...(await runRecoveryRows({ engine, workDir, counts, log })));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const finished = rows.map(finishRow);
const complete = scale === 1 && options.parts.length === 2 && engine !== null;
const resultsPath = join(benchDir, 'results', complete ? 'engine.json' : 'engine-partial.json');
writeResults(resultsPath, {
  benchmark: 'engine',
  date: new Date().toISOString(),
  scale,
  complete,
  counts,
  machine: { ...machine, load_average_at_end: os.loadavg() },
  sqlite: { version: sqliteVersion, better_sqlite3: BETTER_SQLITE3_VERSION, journal_mode: 'wal', synchronous: 'full' },
  duration_seconds: seconds(started),
  rows: finished,
});

console.log(`\nAeroDB engine benchmark: ${new Date().toISOString()}, node ${process.version}, SQLite ${sqliteVersion}, ` +
  `${machine.cpu_count} x ${machine.cpu_model}, load ${machine.load_average_at_start[0].toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}, ` +
  `scale ${scale}${scale < 1 ? ' (SMOKE: absolute targets are for scale 1)' : ''}`);
console.log('ratio = AeroDB / SQLite: for rates higher is better, for seconds and bytes lower is better.\n');
console.log(renderTable(finished));
console.log('');
for (const row of finished) console.log(`${row.id.padEnd(3)} ${row.note}`);
console.log(`\nresults: ${resultsPath}`);
