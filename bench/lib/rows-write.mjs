// Rows 1-2: durable writes. AeroDB runs with fsync:true (acknowledged = fdatasync'd); SQLite runs in
// WAL mode with synchronous=FULL. Every run starts from an empty database.
import { join } from 'node:path';
import { COLLECTION, makeDocuments } from './documents.mjs';
import { interleavedRuns, now, seconds } from './measure.mjs';
import { openAerodb } from './aerodb-store.mjs';
import { SqliteDocStore } from './sqlite-store.mjs';

export const BULK_BATCH = 1000;

/** N single-document inserts with `concurrency` in flight; returns docs/s. */
async function aerodbSingleInserts(engine, dir, count, concurrency) {
  const db = await openAerodb(engine, dir, { fsync: true });
  const docs = makeDocuments(0, count);
  let next = 0;
  const worker = async () => {
    while (next < count) await db.insert(COLLECTION, docs[next++]);
  };
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = seconds(start);
  await db.close();
  return { seconds: elapsed, value: count / elapsed };
}

function sqliteSingleInserts(path, count) {
  const store = new SqliteDocStore(path);
  const docs = makeDocuments(0, count);
  const start = now();
  for (const doc of docs) store.insertOne(doc);
  const elapsed = seconds(start);
  store.close();
  return { seconds: elapsed, value: count / elapsed };
}

async function aerodbBulk(engine, dir, count) {
  const db = await openAerodb(engine, dir, { fsync: true });
  const docs = makeDocuments(0, count);
  const start = now();
  for (let i = 0; i < count; i += BULK_BATCH) await db.insert(COLLECTION, docs.slice(i, i + BULK_BATCH));
  const elapsed = seconds(start);
  await db.close();
  return { seconds: elapsed, value: count / elapsed };
}

function sqliteBulk(path, count) {
  const store = new SqliteDocStore(path);
  const docs = makeDocuments(0, count);
  const start = now();
  for (let i = 0; i < count; i += BULK_BATCH) store.insertBatch(docs.slice(i, i + BULK_BATCH));
  const elapsed = seconds(start);
  store.close();
  return { seconds: elapsed, value: count / elapsed };
}

/**
 * Returns rows 1a, 1b, 2 and where the last bulk run left each data set (rows 3-4 read from it).
 * `engine` is null when AeroDB is skipped (--skip-aerodb).
 */
export async function runWriteRows({ engine, workDir, counts, log }) {
  log(`row 1: single inserts: SQLite ${counts.singleSqlite}, AeroDB ${counts.singleC1} at concurrency 1, ${counts.singleC64} at 64`);
  const single = await interleavedRuns({
    sqlite: (round) => sqliteSingleInserts(join(workDir, `sqlite-single-${round}.db`), counts.singleSqlite),
    c1: engine && ((round) => aerodbSingleInserts(engine, join(workDir, `aero-single-c1-${round}`), counts.singleC1, 1)),
    c64: engine && ((round) => aerodbSingleInserts(engine, join(workDir, `aero-single-c64-${round}`), counts.singleC64, 64)),
  });
  const rows = [];
  for (const [id, concurrency, count, aero] of [
    ['1a', 1, counts.singleC1, single.c1],
    ['1b', 64, counts.singleC64, single.c64],
  ]) {
    rows.push({
      id,
      name: `durable single-document inserts, concurrency ${concurrency}`,
      unit: 'docs/s',
      better: 'higher',
      aerodb: aero,
      sqlite: single.sqlite,
      target: concurrency === 64 ? { text: '>= 10x SQLite', minRatio: 10 } : null,
      note:
        `AeroDB: ${count} inserts, ${concurrency} in flight, fsync on. SQLite: ${counts.singleSqlite} inserts, ` +
        'one transaction each (its sync API has no concurrency: the same baseline serves both rows).',
    });
  }

  log(`row 2: bulk insert of ${counts.bulk} documents in batches of ${BULK_BATCH}`);
  const readSets = { aerodbDir: null, sqlitePath: null };
  const bulk = await interleavedRuns({
    sqlite: (round) => {
      readSets.sqlitePath = join(workDir, `sqlite-bulk-${round}.db`);
      return sqliteBulk(readSets.sqlitePath, counts.bulk);
    },
    aerodb: engine && ((round) => {
      readSets.aerodbDir = join(workDir, `aero-bulk-${round}`);
      return aerodbBulk(engine, readSets.aerodbDir, counts.bulk);
    }),
  });
  rows.push({
    id: '2',
    name: `bulk insert of ${counts.bulk} documents, batches of ${BULK_BATCH} (durable)`,
    unit: 'docs/s',
    better: 'higher',
    aerodb: bulk.aerodb,
    sqlite: bulk.sqlite,
    target: { text: '>= 1x SQLite', minRatio: 1 },
    note: 'AeroDB: one atomic insert(array) per batch, awaited in turn. SQLite: one transaction per batch.',
  });
  return { rows, readSets };
}
