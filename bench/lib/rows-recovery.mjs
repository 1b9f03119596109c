// Rows 5-6: opening (recovering) a large database in a fresh process, and its RSS afterwards.
// Baseline: SQLite reading every row and JSON.parse'ing it into a Map in a fresh process (what any
// in-memory document store must at least do at start-up).
import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { interleavedRuns, median } from './measure.mjs';
import { runChild } from './child-process.mjs';

const GB = 1e9;
/**
 * Opens take several seconds each, but 5b's target is a difference between two opens, which one
 * noisy run apiece cannot resolve: always 3 interleaved rounds here.
 */
const OPEN_ROUNDS = 3;

function ensure(condition, message) {
  if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

function openRunner(mode, target, expectedDocuments, checkReplay = false) {
  return async () => {
    const result = await runChild('open-child.mjs', [mode, target]);
    ensure(result.documents === expectedDocuments, `${mode} opened ${result.documents} documents, expected ${expectedDocuments}`);
    if (checkReplay) {
      ensure(result.checkpoint_lsn < result.lsn, `nothing to replay after the checkpoint (checkpoint lsn ${result.checkpoint_lsn}, lsn ${result.lsn})`);
    }
    return { seconds: result.open_seconds, value: result.open_seconds, extra: result };
  };
}

function rssOf(opens) {
  const values = opens.extra.map((run) => run.rss_bytes);
  return { value: median(values), runs: values, method: opens.method };
}

export async function runRecoveryRows({ engine, workDir, counts, log }) {
  const large = counts.large;
  const withTail = counts.large + counts.walTail;
  const sqliteLarge = join(workDir, 'sqlite-large.db');
  const sqliteTail = join(workDir, 'sqlite-large-tail.db');
  const aeroLarge = join(workDir, 'aero-large');
  const aeroTail = join(workDir, 'aero-large-tail');

  log(`row 5: building ${large} documents (SQLite, then AeroDB + checkpoint; fsync off while building)`);
  const sqliteBuilt = await runChild('build-child.mjs', ['sqlite', sqliteLarge, '0', String(large)]);
  log(`  SQLite built in ${sqliteBuilt.seconds.toFixed(1)} s`);
  copyFileSync(sqliteLarge, sqliteTail); // closed cleanly: the WAL is folded into the main file
  await runChild('build-child.mjs', ['sqlite', sqliteTail, String(large), String(counts.walTail)]);
  if (engine) {
    const built = await runChild('build-child.mjs', ['aerodb-checkpoint', aeroLarge, String(large)]);
    log(`  AeroDB built in ${built.seconds.toFixed(1)} s (checkpoint lsn ${built.checkpoint_lsn})`);
    cpSync(aeroLarge, aeroTail, { recursive: true });
    log(`  adding ${counts.walTail} single-document units after the checkpoint (64 in flight)`);
    const tail = await runChild('build-child.mjs', ['aerodb-wal', aeroTail, String(large), String(counts.walTail)]);
    ensure(tail.checkpoint_lsn < tail.lsn, `the WAL tail was checkpointed away (checkpoint lsn ${tail.checkpoint_lsn}, lsn ${tail.lsn})`);
    log(`  AeroDB WAL tail: ${(tail.wal_bytes / 1024 ** 2).toFixed(1)} MiB in ${tail.seconds.toFixed(1)} s`);
  }

  log(`rows 5-6: opening each data set in a fresh process, ${OPEN_ROUNDS} interleaved rounds`);
  const opens = await interleavedRuns(
    {
      sqlite: openRunner('sqlite', sqliteLarge, large),
      aerodb: engine && openRunner('aerodb', aeroLarge, large),
      sqliteTail: openRunner('sqlite', sqliteTail, withTail),
      aerodbTail: engine && openRunner('aerodb', aeroTail, withTail, true),
    },
    { rounds: OPEN_ROUNDS },
  );
  // Per round, so that both opens of a pair ran under the same load.
  const extraSeconds = opens.aerodb && opens.aerodbTail ? median(opens.aerodbTail.runs.map((t, i) => t - opens.aerodb.runs[i])) : null;

  return [
    {
      id: '5a',
      name: `open (recover) ${large} documents from a checkpoint`,
      unit: 's',
      better: 'lower',
      aerodb: opens.aerodb,
      sqlite: opens.sqlite,
      target: { text: '<= 3 s', maxValue: 3 },
      note: 'Fresh process per run, files in the page cache; openDatabase() only (module import excluded). SQLite: read + JSON.parse every row into a Map.',
    },
    {
      id: '5b',
      name: `open ${large} documents + ${counts.walTail} WAL records after the checkpoint`,
      unit: 's',
      better: 'lower',
      aerodb: opens.aerodbTail,
      sqlite: opens.sqliteTail,
      target: { text: '<= 1 s extra over 5a', maxExtra: 1, extra: extraSeconds },
      note: `WAL records are single-document units; "extra" is the median of (5b - 5a) per round. SQLite reads all ${withTail} rows.`,
    },
    {
      id: '6',
      name: `RSS after opening ${large} documents`,
      unit: 'bytes',
      better: 'lower',
      aerodb: opens.aerodb ? rssOf(opens.aerodb) : null,
      sqlite: rssOf(opens.sqlite),
      target: { text: '<= 1.5 GB', maxValue: 1.5 * GB },
      note: 'process.memoryUsage().rss right after open (row 5a children). SQLite: RSS holding every parsed document in a Map.',
    },
  ];
}
