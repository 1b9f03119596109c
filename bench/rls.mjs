// Row-level security overhead (issue 6): the same find script run as a signed-in user under an
// "owner" read policy and as the service caller (no RLS), on one database, rounds interleaved so
// machine noise hits both. Each call goes through db.withContext(ctx) as the dev server does per
// request. The work is single-threaded CPU (no I/O), so throughput is counted per CPU second of
// this process (process.cpuUsage), which other load on a shared machine disturbs far less than
// wall time; wall-clock rates are recorded too. Uses the built package (dist/).
//
//   npm run bench:rls                  full size; writes bench/results/rls.json
//   BENCH_SCALE=0.1 npm run bench:rls  smaller; writes bench/results/rls-partial.json
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './lib/aerodb-store.mjs';
import { CATEGORY_COUNT, ITEMS_SCHEMA, categoryName, makeDocuments } from './lib/documents.mjs';
import { interleavedRuns, now, seconds } from './lib/measure.mjs';

/** Runs `body` and returns { seconds (CPU), value: count per CPU second, extra: wall-clock figures }. */
async function cpuTimed(count, body) {
  const wall = now();
  const cpu = process.cpuUsage();
  const extra = await body();
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const wallSeconds = seconds(wall);
  return { seconds: cpuSeconds, value: count / cpuSeconds, extra: { ...extra, wall_seconds: wallSeconds, wall_ops_per_s: count / wallSeconds } };
}
import { Prng } from './lib/prng.mjs';
import { machineInfo, writeResults } from './lib/report.mjs';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const scale = process.env.BENCH_SCALE === undefined ? 1 : Number(process.env.BENCH_SCALE);
if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const scaled = (full, floor) => Math.max(floor, Math.round(full * scale));
const counts = { documents: scaled(100_000, 2_000), owners: 100, finds: scaled(20_000, 2_000), gets: scaled(20_000, 2_000) };
const ROUNDS = 7;
const LIMIT = 20;
const TARGET = 0.1;
const COLLECTION = 'owned_items';

// the bench documents plus an owner; an "owner" read policy; an index led by the owner
const SCHEMA = {
  ...ITEMS_SCHEMA,
  collection: COLLECTION,
  fields: { ...ITEMS_SCHEMA.fields, owner_id: { type: 'string', required: true } },
  indexes: [...ITEMS_SCHEMA.indexes, { name: 'owner_category', fields: ['owner_id', 'category'] }],
  rls: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'owner_id' },
};
const ownerOf = (i) => `user-${String(i % counts.owners).padStart(3, '0')}`;

const started = now();
const log = (message) => process.stderr.write(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}\n`);
const engine = await loadEngine();
const workDir = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-rls-'));
const machine = machineInfo(repoDir);
log(`scale ${scale}, data in ${workDir}`);

const SERVICE = { caller: { kind: 'service' }, source: 'internal' };
const userContext = (sub) => ({ caller: { kind: 'user', sub, role: 'authenticated' }, source: 'internal' });

const rows = [];
let db;
try {
  db = await engine.openDatabase({ dir: join(workDir, 'db'), fsync: false });
  await db.applySchemaOps([{ op: 'create_collection', schema: SCHEMA }]);
  for (let start = 0; start < counts.documents; start += 10_000) {
    const docs = makeDocuments(start, Math.min(10_000, counts.documents - start)).map((doc, k) => ({ ...doc, owner_id: ownerOf(start + k) }));
    await db.insert(COLLECTION, docs);
  }
  const prng = new Prng(11);
  const script = Array.from({ length: counts.finds }, () => ({ owner: ownerOf(prng.int(counts.owners)), category: categoryName(prng.int(CATEGORY_COUNT)) }));
  // one context object per caller, built up front (the server builds one per request either way)
  const contexts = new Map(script.map(({ owner }) => [owner, userContext(owner)]));

  // 1. the same query, the same results: the caller's filter already names the owner
  const sameResults = (asUser) => () => cpuTimed(script.length, async () => {
    let returned = 0;
    for (const { owner, category } of script) {
      const view = db.withContext(asUser ? contexts.get(owner) : SERVICE);
      returned += (await view.find(COLLECTION, { filter: { owner_id: owner, category }, limit: LIMIT })).data.length;
    }
    return { documents_returned: returned };
  });
  log(`find {owner_id, category} limit ${LIMIT}: ${script.length} finds as the owner vs as service, ${ROUNDS} rounds`);
  rows.push(row('find-same-results', `indexed find {owner_id, category}, limit ${LIMIT}: user under an owner policy vs service key (same results)`,
    await interleavedRuns({ service: sameResults(false), user: sameResults(true) }, { rounds: ROUNDS }), TARGET));

  // 2. the caller's filter does not name the owner: RLS adds owner_id = sub to the plan (informational: results differ)
  const byCategory = (asUser) => () => cpuTimed(script.length, async () => {
    let returned = 0;
    for (const { owner, category } of script) {
      const view = db.withContext(asUser ? contexts.get(owner) : SERVICE);
      returned += (await view.find(COLLECTION, { filter: { category }, limit: LIMIT })).data.length;
    }
    return { documents_returned: returned };
  });
  log(`find {category} limit ${LIMIT}: RLS injects owner_id (user gets its own rows only), ${ROUNDS} rounds`);
  rows.push(row('find-injected', `indexed find {category}, limit ${LIMIT}: user (RLS adds owner_id = sub, bounds owner_category) vs service (all owners)`,
    await interleavedRuns({ service: byCategory(false), user: byCategory(true) }, { rounds: ROUNDS }), null));

  // 3. get by _id of an owned document
  const ids = (await db.find(COLLECTION, { limit: Math.min(1000, counts.documents) })).data.map((doc) => ({ id: doc._id, owner: doc.owner_id }));
  const gets = Array.from({ length: counts.gets }, (_, i) => ids[i % ids.length]);
  for (const { owner } of gets) if (!contexts.has(owner)) contexts.set(owner, userContext(owner));
  const getRun = (asUser) => () => cpuTimed(gets.length, async () => {
    for (const { id, owner } of gets) {
      const doc = await db.withContext(asUser ? contexts.get(owner) : SERVICE).get(COLLECTION, id);
      if (doc === null) throw new Error(`get ${id} as ${asUser ? owner : 'service'} found nothing`);
    }
    return {};
  });
  log(`get by _id: ${gets.length} gets of owned documents, ${ROUNDS} rounds`);
  rows.push(row('get', 'get by _id of an owned document: owner vs service key', await interleavedRuns({ service: getRun(false), user: getRun(true) }, { rounds: ROUNDS }), null));

  const explain = await db.withContext(userContext('user-007')).explain(COLLECTION, { filter: { category: 'cat-001' }, limit: LIMIT });
  const report = { benchmark: 'rls', date: new Date().toISOString(), scale, machine: { ...machine, load_average_at_end: os.loadavg() }, counts, rows, explain_as_user: explain };
  const file = join(repoDir, 'bench', 'results', scale === 1 ? 'rls.json' : 'rls-partial.json');
  writeResults(file, report);
  printTable(rows);
  log(`load average: start ${machine.load_average_at_start.map((l) => l.toFixed(2)).join(' ')}, end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(`results: ${file}`);
} finally {
  await db?.close();
  rmSync(workDir, { recursive: true, force: true });
}

/** overhead = 1 - user/service throughput; target (a fraction) or null for an informational row */
function row(id, name, runs, target) {
  const overhead = 1 - runs.user.value / runs.service.value;
  return {
    id,
    name,
    unit: 'ops per CPU second',
    service: runs.service,
    user: runs.user,
    ratio_user_service: runs.user.value / runs.service.value,
    overhead,
    target: target === null ? null : { text: `overhead <= ${Math.round(target * 100)}%`, maxOverhead: target },
    target_met: target === null ? null : overhead <= target,
  };
}

function printTable(list) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const lines = list.map((r) => [
    r.id,
    `${fmt(r.service.value)} ops/cpu-s`,
    `${fmt(r.user.value)} ops/cpu-s`,
    `${(r.overhead * 100).toFixed(1)}%`,
    r.target ? `${r.target.text}  ${r.target_met ? 'MET' : 'MISSED'}` : '(info)',
    r.user.method,
  ]);
  const header = ['measure', 'service key', 'user (RLS)', 'overhead', 'target', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${[render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n')}\n`);
}
