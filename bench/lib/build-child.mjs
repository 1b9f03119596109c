// Child process: builds the large recovery data sets (row 5) without holding them in the parent.
//   aerodb-checkpoint DIR COUNT       COUNT documents in bulk units, then a checkpoint
//   aerodb-wal DIR START COUNT        COUNT single-document units after that checkpoint (left in the WAL)
//   sqlite PATH START COUNT           the same documents in SQLite
// Built with fsync off (speed); durability is not what row 5 measures. Prints { seconds, ... }.
import { COLLECTION, makeDocuments } from './documents.mjs';
import { loadEngine, openAerodb } from './aerodb-store.mjs';
import { now, seconds } from './measure.mjs';
import { SqliteDocStore } from './sqlite-store.mjs';

const BATCH = 1000;
const SINGLE_IN_FLIGHT = 64;
/** Never checkpoint on our own while building: the data set's shape (checkpoint + tail) is the point. */
const NO_AUTO_CHECKPOINT_MB = 1_000_000;

async function aerodbCheckpoint(dir, count) {
  const engine = await loadEngine();
  const db = await openAerodb(engine, dir, { fsync: false, checkpointWalMb: NO_AUTO_CHECKPOINT_MB });
  for (let i = 0; i < count; i += BATCH) {
    await db.insert(COLLECTION, makeDocuments(i, Math.min(BATCH, count - i)));
  }
  const checkpoint = await db.checkpoint();
  const stats = db.stats();
  await db.close();
  return { checkpoint_lsn: checkpoint.lsn, documents: stats.collections.find((c) => c.name === COLLECTION)?.documents };
}

async function aerodbWal(dir, start, count) {
  const engine = await loadEngine();
  const db = await openAerodb(engine, dir, { fsync: false, checkpointWalMb: NO_AUTO_CHECKPOINT_MB });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await db.insert(COLLECTION, makeDocuments(start + i, 1)[0]);
    }
  };
  await Promise.all(Array.from({ length: SINGLE_IN_FLIGHT }, worker));
  const stats = db.stats();
  await db.close();
  return { lsn: stats.lsn, checkpoint_lsn: stats.checkpoint_lsn, wal_bytes: stats.wal_bytes };
}

function sqliteBuild(path, start, count) {
  const store = new SqliteDocStore(path);
  for (let i = 0; i < count; i += BATCH) store.insertBatch(makeDocuments(start + i, Math.min(BATCH, count - i)));
  store.close();
  return {};
}

const [mode, target, ...numbers] = process.argv.slice(2);
const [a, b] = numbers.map(Number);
const started = now();
let result;
if (mode === 'aerodb-checkpoint') result = await aerodbCheckpoint(target, a);
else if (mode === 'aerodb-wal') result = await aerodbWal(target, a, b);
else if (mode === 'sqlite') result = sqliteBuild(target, a, b);
else throw new Error(`build-child: unknown mode ${mode}`);
console.log(JSON.stringify({ ...result, seconds: seconds(started) }));
