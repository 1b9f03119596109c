// Relations benchmark (issue 7): expand, cascade delete and BM25 text search on the shapes of the
// PocketBase benchmark, against SQLite (better-sqlite3: foreign keys ON DELETE CASCADE, FTS5 bm25()).
// Engine-level: AeroDB runs in-process through the built package (dist/engine), no HTTP, exactly like
// the SQLite side; the PocketBase figures quoted in the targets went through its HTTP API.
//
//   npm run bench:relations                     full size (100k posts)
//   BENCH_SCALE=0.05 npm run bench:relations    smoke run
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './lib/aerodb-store.mjs';
import { interleavedRuns, now, seconds } from './lib/measure.mjs';
import { Prng } from './lib/prng.mjs';
import { RELATIONS_SEED, pocketbasePost, postId, postsSchema, user, userId, USERS_SCHEMA, variedPost } from './lib/relations-data.mjs';
import { SqliteRelations } from './lib/relations-sqlite.mjs';
import { finishRow, machineInfo, renderTable, writeResults } from './lib/report.mjs';
import { BETTER_SQLITE3_VERSION } from './lib/sqlite-store.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = join(benchDir, '..');
const REQUESTS = 100;
const CONCURRENCY = 10;
const PAGE = 20;
const QUERY = 'ipsum dolor';

const scale = (() => {
  const text = process.env.BENCH_SCALE;
  const value = text === undefined || text === '' ? 1 : Number(text);
  if (!(value > 0 && value <= 1)) throw new Error(`BENCH_SCALE must be a number in (0, 1], got ${text}`);
  return value;
})();
const counts = {
  posts: Math.max(2_000, Math.round(100_000 * scale)),
  users: Math.max(100, Math.round(1_000 * scale)),
  cascadeUsers: 100,
  cascadePostsPerUser: Math.max(10, Math.round(100 * scale)),
};

const started = now();
const log = (message) => process.stderr.write(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}\n`);
const engine = await loadEngine();
const workDir = mkdtempSync(join(process.env.BENCH_DIR ?? os.tmpdir(), 'aerodb-bench-rel-'));
const machine = machineInfo(repoDir);
log(`scale ${scale}, ${counts.posts} posts, data in ${workDir}`);

/** Runs `total` calls of `fn(i)` keeping `concurrency` in flight; returns seconds. */
async function concurrently(total, concurrency, fn) {
  const t = now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await fn(next++);
  }));
  return seconds(t);
}

function batches(count, size, make) {
  const out = [];
  for (let start = 0; start < count; start += size) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + size); i++) batch.push(make(i));
    out.push(batch);
  }
  return out;
}

async function buildAerodb(dir, postCollections, userCount, fsync) {
  const db = await engine.openDatabase({ dir, fsync, checkpointWalMb: 1 << 20 });
  await db.applySchemaOps([{ op: 'create_collection', schema: USERS_SCHEMA }, ...postCollections.map(({ name }) => ({ op: 'create_collection', schema: postsSchema(name) }))]);
  for (const batch of batches(userCount, 1000, user)) await db.insert('users', batch);
  for (const { name, count, make } of postCollections) for (const batch of batches(count, 1000, make)) await db.insert(name, batch);
  return db;
}

function buildSqlite(path, postCount, userCount, make) {
  const db = new SqliteRelations(path);
  for (const batch of batches(userCount, 1000, user)) db.insertUsers(batch);
  for (const batch of batches(postCount, 1000, make)) db.insertPosts(batch);
  return db;
}

const rows = [];
let sqliteVersion = null;
const sqlitePath = (name) => join(workDir, `${name}.db`);
try {
  // ---- rows 1 and 3: one read data set per engine
  log('building the read data set (AeroDB: users + posts + posts_varied, with text indexes)');
  const readDir = join(workDir, 'aerodb-read');
  const pbMake = (i) => pocketbasePost(i, counts.users);
  const variedMake = (i) => variedPost(i, counts.users);
  const aero = await buildAerodb(readDir, [
    { name: 'posts', count: counts.posts, make: pbMake },
    { name: 'posts_varied', count: counts.posts, make: variedMake },
  ], counts.users, false);
  log('building the read data set (SQLite: the same, FTS5)');
  const sqlite = buildSqlite(sqlitePath('read'), counts.posts, counts.users, pbMake);
  sqliteVersion = sqlite.sqliteVersion;
  const sqliteVaried = buildSqlite(sqlitePath('read-varied'), counts.posts, counts.users, variedMake);

  // page starts: the same seeded _ids for both engines
  const prng = new Prng(RELATIONS_SEED);
  const starts = Array.from({ length: REQUESTS }, () => postId(prng.int(counts.posts - PAGE)));

  // sanity: both engines return the same pages and the same expanded authors
  for (const from of starts.slice(0, 5)) {
    const a = (await aero.find('posts', { filter: { _id: { $gte: from } }, limit: PAGE, expand: ['author_id'] })).data;
    const s = sqlite.pageWithAuthors(from, PAGE);
    if (JSON.stringify(a.map((d) => [d._id, d._expanded.author_id._id])) !== JSON.stringify(s.map((d) => [d._id, d._expanded.author_id._id]))) {
      throw new Error(`expand results differ from SQLite for page ${from}`);
    }
  }

  log('row 1: expand author');
  let expandCost = null;
  const expand = await interleavedRuns({
    aerodb: async () => {
      const secs = await concurrently(REQUESTS, CONCURRENCY, async (i) => {
        const result = await aero.find('posts', { filter: { _id: { $gte: starts[i] } }, limit: PAGE, expand: ['author_id'] });
        expandCost = { queries_executed: result.queries_executed, documents_fetched: result.documents_fetched };
      });
      return { seconds: secs, value: secs };
    },
    sqlite: async () => {
      const t = now();
      for (let i = 0; i < REQUESTS; i++) sqlite.pageWithAuthors(starts[i], PAGE);
      const secs = seconds(t);
      return { seconds: secs, value: secs };
    },
  });
  const expandA = expand.aerodb;
  const expandS = expand.sqlite;
  rows.push({
    id: '1', name: `expand author: ${REQUESTS} pages of ${PAGE} posts (${counts.posts} posts), conc ${CONCURRENCY}`, unit: 's', better: 'lower',
    aerodb: expandA, sqlite: expandS, target: { text: '<= 0.15 s (PocketBase 0.74-1.20 s)', maxValue: 0.15 },
    note: `find({filter:{_id:{$gte}}, limit:${PAGE}, expand:["author_id"]}); last request cost ${JSON.stringify(expandCost)}. SQLite: page query + one IN (...) author query, JSON.parse.`,
  });

  // ---- row 3: text search
  for (const [variant, collection, store] of [['pocketbase', 'posts', sqlite], ['varied', 'posts_varied', sqliteVaried]]) {
    const query = { text_search: { query: QUERY, index: 'content_search' }, limit: PAGE };
    const a = (await aero.find(collection, query)).data;
    const s = store.search(QUERY, PAGE);
    const total = (await aero.find(collection, { ...query, count: true })).count;
    log(`row 3 (${variant}): ${total} matching posts; top ids AeroDB ${a.slice(0, 3).map((d) => d._id).join(',')} / SQLite ${s.slice(0, 3).map((d) => d._id).join(',')}`);
    const search = await interleavedRuns({
      aerodb: async () => {
        const secs = await concurrently(REQUESTS, CONCURRENCY, async () => {
          await aero.find(collection, query);
        });
        return { seconds: secs, value: secs };
      },
      sqlite: async () => {
        const t = now();
        for (let i = 0; i < REQUESTS; i++) store.search(QUERY, PAGE);
        const secs = seconds(t);
        return { seconds: secs, value: secs };
      },
    });
    const searchA = search.aerodb;
    const searchS = search.sqlite;
    const same = a.filter((d, i) => s[i]?._id === d._id).length;
    rows.push({
      id: variant === 'pocketbase' ? '3a' : '3b',
      name: `text search "${QUERY}", ${REQUESTS} requests, top ${PAGE} by BM25 (${counts.posts} posts, ${variant} text)`,
      unit: 's', better: 'lower', aerodb: searchA, sqlite: searchS,
      // the absolute target is for the PocketBase shape; the varied corpus is an extra row
      target: variant === 'pocketbase'
        ? { text: '<= 0.2 s and <= 1x SQLite time (PocketBase LIKE 0.18-5.7 s, unranked)', maxValue: 0.2, maxRatio: 1 }
        : { text: '<= 1x SQLite time (extra row, no absolute target)', maxValue: Infinity, maxRatio: 1 },
      note: `${total} posts match (every term required, as FTS5 MATCH). Same top-${PAGE} ids in the same place as SQLite: ${same}/${PAGE} ` +
        `(the formulas differ: AeroDB sums BM25 per field, FTS5 weights tf over one document length). SQLite: FTS5 porter unicode61, ORDER BY bm25(posts_fts, 2.0, 1.0), id, JSON.parse.`,
    });
  }
  await aero.close();
  sqlite.close();
  sqliteVaried.close();

  // ---- row 2: cascade delete, durable
  log('row 2: cascade delete');
  const cascadePosts = counts.cascadeUsers * counts.cascadePostsPerUser;
  const cascadeMake = (i) => ({ ...pocketbasePost(i, counts.cascadeUsers), author_id: userId(i % counts.cascadeUsers) });
  let lastCascaded = null;
  const cascade = await interleavedRuns({ aerodb: async (run) => {
    const dir = join(workDir, `aerodb-cascade-${run}`);
    const built = await buildAerodb(dir, [{ name: 'posts', count: cascadePosts, make: cascadeMake }], counts.cascadeUsers, false);
    await built.close();
    const db = await engine.openDatabase({ dir, fsync: true, checkpointWalMb: 1 << 20 });
    const secs = await concurrently(counts.cascadeUsers, CONCURRENCY, async (i) => {
      lastCascaded = (await db.delete('users', userId(i))).cascaded;
    });
    const left = (await db.find('posts', { limit: 1, count: true })).count;
    if (left !== 0) throw new Error(`cascade left ${left} posts`);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    return { seconds: secs, value: secs };
  }, sqlite: async (run) => {
    const path = sqlitePath(`cascade-${run}`);
    const db = buildSqlite(path, cascadePosts, counts.cascadeUsers, cascadeMake);
    const t = now();
    for (let i = 0; i < counts.cascadeUsers; i++) db.deleteUser(userId(i));
    const secs = seconds(t);
    if (db.countPosts() !== 0) throw new Error('SQLite cascade left posts');
    db.close();
    return { seconds: secs, value: secs };
  } }, { rounds: 3 });
  const deleteA = cascade.aerodb;
  const deleteS = cascade.sqlite;
  rows.push({
    id: '2', name: `cascade delete: ${counts.cascadeUsers} users x ${counts.cascadePostsPerUser} posts, conc ${CONCURRENCY}, fsync on`, unit: 's', better: 'lower',
    aerodb: deleteA, sqlite: deleteS, target: { text: '<= 1 s (PocketBase 14.9-27 s)', maxValue: 1 },
    note: `each delete is one atomic WAL unit (user + its posts, text index and reverse index updated), fdatasync before ack; last cascaded ${JSON.stringify(lastCascaded)}. ` +
      'SQLite: FOREIGN KEY ... ON DELETE CASCADE with an index on posts(author), one autocommit DELETE per user, synchronous=FULL (its API is synchronous: no concurrency).',
  });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const finished = rows
  .sort((a, b) => (a.id < b.id ? -1 : 1))
  .map(finishRow)
  .map((row) => (row.target.maxRatio === undefined ? row : { ...row, target_met: row.aerodb.value <= row.target.maxValue && row.ratio !== null && row.ratio <= row.target.maxRatio }));
const complete = scale === 1;
const resultsPath = join(benchDir, 'results', complete ? 'relations.json' : 'relations-partial.json');
writeResults(resultsPath, {
  benchmark: 'relations',
  date: new Date().toISOString(),
  scale,
  complete,
  level: 'engine (in-process, no HTTP)',
  counts: { ...counts, requests: REQUESTS, concurrency: CONCURRENCY, page: PAGE, query: QUERY },
  machine: { ...machine, load_average_at_end: os.loadavg() },
  sqlite: { version: sqliteVersion, better_sqlite3: BETTER_SQLITE3_VERSION, journal_mode: 'wal', synchronous: 'full', fts: 'fts5 porter unicode61' },
  duration_seconds: seconds(started),
  rows: finished,
});

console.log(`\nAeroDB relations benchmark (engine-level, in-process): ${new Date().toISOString()}, node ${process.version}, SQLite ${sqliteVersion}, ` +
  `${machine.cpu_count} x ${machine.cpu_model}, load ${machine.load_average_at_start[0].toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}, ` +
  `scale ${scale}${scale < 1 ? ' (SMOKE: absolute targets are for scale 1)' : ''}`);
console.log('ratio = AeroDB / SQLite seconds: lower is better (0.5x = AeroDB took half the time).\n');
console.log(renderTable(finished));
console.log('');
for (const row of finished) console.log(`${row.id.padEnd(3)} ${row.note}`);
console.log(`\nresults: ${resultsPath}`);
