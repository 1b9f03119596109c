// Child process: opens a large data set in a fresh process and reports how long that took and the
// RSS afterwards (row 5 and 6).
//   aerodb DIR    openDatabase() = newest checkpoint + WAL replay + index rebuild
//   sqlite PATH   the baseline: read every row and JSON.parse it into a Map by _id
import { COLLECTION } from './documents.mjs';
import { loadEngine } from './aerodb-store.mjs';
import { now, seconds } from './measure.mjs';
import { SqliteDocStore } from './sqlite-store.mjs';

const [mode, target] = process.argv.slice(2);
const warnings = [];
let result;
if (mode === 'aerodb') {
  const engine = await loadEngine();
  const start = now();
  const db = await engine.openDatabase({ dir: target, fsync: true, onWarning: (message) => warnings.push(message) });
  const openSeconds = seconds(start);
  const rss = process.memoryUsage().rss;
  const stats = db.stats();
  result = {
    open_seconds: openSeconds,
    rss_bytes: rss,
    heap_used_bytes: process.memoryUsage().heapUsed,
    documents: stats.collections.find((c) => c.name === COLLECTION)?.documents ?? 0,
    lsn: stats.lsn,
    checkpoint_lsn: stats.checkpoint_lsn,
  };
  await db.close();
} else if (mode === 'sqlite') {
  const start = now();
  const store = new SqliteDocStore(target);
  const docs = store.loadAll();
  const openSeconds = seconds(start);
  result = {
    open_seconds: openSeconds,
    rss_bytes: process.memoryUsage().rss,
    heap_used_bytes: process.memoryUsage().heapUsed,
    documents: docs.size,
  };
  store.close();
} else {
  throw new Error(`open-child: unknown mode ${mode}`);
}
console.log(JSON.stringify({ ...result, warnings, process_seconds: performance.now() / 1000 }));
