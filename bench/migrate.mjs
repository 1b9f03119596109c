// Migration benchmark (issue 3): add_field with a default on 100k documents (durable), and a cold
// `aerodb migrate status` / `migrate verify` over 200 migration files. Uses the built package.
//
//   npm run bench:migrate            (BENCH_DIR=/path to put the data on a specific disk)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, now, seconds } from './lib/measure.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => new URL(`../dist/${path}`, import.meta.url).href;
const { openDatabase } = await import(dist('engine/database.js'));
const { loadMigrations } = await import(dist('engine/migrations/load-migrations.js'));
const { migrateUp } = await import(dist('engine/migrations/migrate-up.js'));
const { migrateDown } = await import(dist('engine/migrations/migrate-down.js'));

const DOCS = 100_000;
const FILES = 200;
const ROUNDS = 3;
const clock = () => new Date();
const root = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-migrate-'));
const log = (message) => process.stderr.write(`${message}\n`);

function writeMigration(dir, version, name, up, down) {
  writeFileSync(join(dir, `${version}_${name}.aeromigration.json`), `${JSON.stringify({ version, name, up, down }, null, 2)}\n`);
}

const itemsSchema = {
  collection: 'items',
  fields: { _id: { type: 'string', required: true }, n: { type: 'int', required: true }, label: { type: 'string' } },
  indexes: [{ name: 'n_idx', fields: ['n'] }],
};

async function backfillRow() {
  const dir = join(root, 'backfill');
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  writeMigration(migrations, '001', 'items', [{ op: 'create_collection', schema: itemsSchema }], [{ op: 'drop_collection', collection: 'items' }]);
  writeMigration(migrations, '002', 'flag', [{ op: 'add_field', collection: 'items', field: { name: 'flag', type: 'bool', required: true, default: false } }], [{ op: 'remove_field', collection: 'items', field: 'flag' }]);
  const files = loadMigrations(migrations);
  const db = await openDatabase({ dir: join(dir, 'data'), fsync: true });
  try {
    await migrateUp(db, files, { target: '001', clock });
    for (let start = 0; start < DOCS; start += 10_000) {
      await db.insert('items', Array.from({ length: 10_000 }, (_, i) => ({ _id: `item-${String(start + i).padStart(7, '0')}`, n: start + i, label: `label ${start + i}` })));
    }
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t = now();
      await migrateUp(db, files, { clock }); // one atomic unit, acknowledged after fdatasync
      runs.push(seconds(t));
      await migrateDown(db, files, { target: '001', clock });
    }
    return { row: `add_field with default on ${DOCS.toLocaleString('en-US')} documents (durable)`, median_s: median(runs), runs_s: runs, target_s: 2 };
  } finally {
    await db.close();
  }
}

function cliRows() {
  const project = join(root, 'project');
  const migrations = join(project, 'migrations');
  mkdirSync(migrations, { recursive: true });
  writeFileSync(join(project, 'aerodb.toml'), '[storage]\nfsync = false\n');
  writeMigration(migrations, '001', 'items', [{ op: 'create_collection', schema: itemsSchema }], [{ op: 'drop_collection', collection: 'items' }]);
  for (let v = 2; v <= FILES; v++) {
    const version = String(v).padStart(3, '0');
    writeMigration(migrations, version, `field_${version}`, [{ op: 'add_field', collection: 'items', field: { name: `f${version}`, type: 'int', default: v } }], [{ op: 'remove_field', collection: 'items', field: `f${version}` }]);
  }
  const cli = (args) => spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args], { cwd: project, encoding: 'utf8' });
  const applied = cli(['migrate', 'up']);
  if (applied.status !== 0) throw new Error(`migrate up failed: ${applied.stderr}`);
  const rows = [];
  for (const command of ['status', 'verify']) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t = now();
      const result = cli(['migrate', command]);
      runs.push(seconds(t));
      if (result.status !== 0) throw new Error(`migrate ${command} failed: ${result.stderr}`);
    }
    rows.push({ row: `aerodb migrate ${command}, ${FILES} migration files (cold process)`, median_s: median(runs), runs_s: runs, target_s: 0.5 });
  }
  return rows;
}

try {
  log('bench:migrate: add_field backfill ...');
  const rows = [await backfillRow()];
  log('bench:migrate: status/verify over 200 files ...');
  rows.push(...cliRows());
  const width = Math.max(...rows.map((r) => r.row.length));
  console.log(`${'row'.padEnd(width)}  median   target  runs`);
  for (const r of rows) {
    const verdict = r.median_s <= r.target_s ? 'ok' : 'OVER';
    console.log(`${r.row.padEnd(width)}  ${r.median_s.toFixed(3)} s  <= ${r.target_s} s  ${r.runs_s.map((s) => s.toFixed(3)).join(' / ')}  ${verdict}`);
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/migrate.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), rows }, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
