// Rows 3-4: point reads and indexed-equality finds on the data set row 2 loaded. Query keys come from
// a seeded PRNG, so both engines answer exactly the same queries in the same order.
import { CATEGORY_COUNT, COLLECTION, categoryName, makeDocuments } from './documents.mjs';
import { interleavedRuns, now, seconds } from './measure.mjs';
import { openAerodb } from './aerodb-store.mjs';
import { Prng } from './prng.mjs';
import { SqliteDocStore } from './sqlite-store.mjs';

const QUERY_SEED = 4242;
export const FIND_LIMIT = 20;
const WARMUP_QUERIES = 2000;

function queryKeys(documentCount, getCount, findCount) {
  const prng = new Prng(QUERY_SEED);
  const docs = makeDocuments(0, documentCount);
  const ids = Array.from({ length: getCount }, () => docs[prng.int(documentCount)]._id);
  const categories = Array.from({ length: findCount }, () => categoryName(prng.int(CATEGORY_COUNT)));
  return { ids, categories };
}

/** One pass over `keys`, one query at a time; -> { seconds, value: queries/s }. */
async function queryRate(keys, runQuery) {
  const start = now();
  for (const key of keys) await runQuery(key);
  const elapsed = seconds(start);
  return { seconds: elapsed, value: keys.length / elapsed };
}

function ensure(condition, message) {
  if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

/** Both engines must return the same documents in the same order before their speed means anything. */
async function checkSameAnswers(aero, sqlite, ids, categories) {
  for (const id of ids.slice(0, 50)) {
    const a = await aero.get(COLLECTION, id);
    const s = sqlite.get(id);
    ensure(a !== null && s !== null && a._id === s._id && a.category === s.category, `get(${id}) differs`);
  }
  for (const category of categories.slice(0, 20)) {
    const a = (await aero.find(COLLECTION, { filter: { category }, limit: FIND_LIMIT })).data.map((d) => d._id);
    const s = sqlite.findByCategory(category, FIND_LIMIT).map((d) => d._id);
    ensure(JSON.stringify(a) === JSON.stringify(s), `find category=${category}: AeroDB ${a.join(',')} vs SQLite ${s.join(',')}`);
  }
}

export async function runReadRows({ engine, readSets, counts, log }) {
  const { ids, categories } = queryKeys(counts.bulk, counts.getOps, counts.findOps);
  const sqlite = new SqliteDocStore(readSets.sqlitePath);
  const aero = engine ? await openAerodb(engine, readSets.aerodbDir, { fsync: true }) : null;
  try {
    if (aero) await checkSameAnswers(aero, sqlite, ids, categories);

    const sqliteGet = (id) => ensure(sqlite.get(id) !== null, `SQLite lost ${id}`);
    const aeroGet = async (id) => ensure((await aero.get(COLLECTION, id)) !== null, `AeroDB lost ${id}`);
    const sqliteFind = (category) => sqlite.findByCategory(category, FIND_LIMIT);
    const aeroFind = (category) => aero.find(COLLECTION, { filter: { category }, limit: FIND_LIMIT });

    log(`row 3: ${ids.length} gets by _id on ${counts.bulk} documents`);
    const warmIds = ids.slice(0, WARMUP_QUERIES);
    await queryRate(warmIds, sqliteGet);
    if (aero) await queryRate(warmIds, aeroGet);
    const gets = await interleavedRuns({
      sqlite: () => queryRate(ids, sqliteGet),
      aerodb: aero && (() => queryRate(ids, aeroGet)),
    });

    log(`row 4: ${categories.length} indexed-equality finds (limit ${FIND_LIMIT}) on ${counts.bulk} documents`);
    const warmCategories = categories.slice(0, WARMUP_QUERIES);
    await queryRate(warmCategories, sqliteFind);
    if (aero) await queryRate(warmCategories, aeroFind);
    const finds = await interleavedRuns({
      sqlite: () => queryRate(categories, sqliteFind),
      aerodb: aero && (() => queryRate(categories, aeroFind)),
    });

    return [
      {
        id: '3',
        name: `get by _id on ${counts.bulk} documents`,
        unit: 'ops/s',
        better: 'higher',
        aerodb: gets.aerodb,
        sqlite: gets.sqlite,
        target: { text: '>= 2x SQLite', minRatio: 2 },
        note: `${ids.length} random ids per run, one at a time (AeroDB awaited). SQLite: PRIMARY KEY lookup + JSON.parse.`,
      },
      {
        id: '4',
        name: `indexed-equality find, limit ${FIND_LIMIT}, on ${counts.bulk} documents`,
        unit: 'ops/s',
        better: 'higher',
        aerodb: finds.aerodb,
        sqlite: finds.sqlite,
        target: { text: '>= 2x SQLite', minRatio: 2 },
        note:
          `${categories.length} finds per run on category (${CATEGORY_COUNT} values). SQLite: index on ` +
          `(json_extract(body,'$.category'), id), ORDER BY id LIMIT ${FIND_LIMIT}, rows JSON.parse'd.`,
      },
    ];
  } finally {
    sqlite.close();
    if (aero) await aero.close();
  }
}
