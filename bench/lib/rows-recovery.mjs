// Rows 5-6: opening (recovering) a large database in a fresh process, and its RSS afterwards.
// Baseline: SQLite reading every row and JSON.parse'ing it into a Map in a fresh process (what any
// in-memory document store must at least do at start-up).
import { join } from 'node:path';
import { adaptiveRuns } from './measure.mjs';
import { runChild } from './child-process.mjs';

const GB = 1e9;

function ensure(condition, message) {
  if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

async function timeOpens(mode, target, expectedDocuments) {
  return adaptiveRuns(async () => {
    const result = await runChild('open-child.mjs', [mode, target]);
    ensure(result.documents === expectedDocuments, `${mode} opened ${result.documents} documents, expected ${expectedDocuments}`);
    return { seconds: result.open_seconds, value: result.open_seconds, extra: result };
  });
}

function rssOf(opens) {
  const values = opens.extra.map((run) => run.rss_bytes);
  const sorted = [...values].sort((a, b) => a - b);
  return { value: sorted[sorted.length >> 1], runs: values, method: opens.method };
}

export async function runRecoveryRows({ engine, workDir, counts, log }) {
  const aeroDir = join(workDir, 'aero-large');
  const sqlitePath = join(workDir, 'sqlite-large.db');
  const large = counts.large;
  const withTail = counts.large + counts.walTail;

  log(`row 5: building ${large} documents (SQLite, then AeroDB + checkpoint; fsync off while building)`);
  const sqliteBuilt = await runChild('build-child.mjs', ['sqlite', sqlitePath, '0', String(large)]);
  log(`  SQLite built in ${sqliteBuilt.seconds.toFixed(1)} s`);
  if (engine) {
    const built = await runChild('build-child.mjs', ['aerodb-checkpoint', aeroDir, String(large)]);
    log(`  AeroDB built in ${built.seconds.toFixed(1)} s (checkpoint lsn ${built.checkpoint_lsn})`);
  }

  log(`row 5a: open ${large} documents from a checkpoint, fresh process`);
  const sqliteOpen = await timeOpens('sqlite', sqlitePath, large);
  const aeroOpen = engine ? await timeOpens('aerodb', aeroDir, large) : null;

  log(`row 5b: adding ${counts.walTail} single-document units after the checkpoint`);
  await runChild('build-child.mjs', ['sqlite', sqlitePath, String(large), String(counts.walTail)]);
  if (engine) {
    const tail = await runChild('build-child.mjs', ['aerodb-wal', aeroDir, String(large), String(counts.walTail)]);
    ensure(tail.checkpoint_lsn < tail.lsn, `the WAL tail was checkpointed away (checkpoint lsn ${tail.checkpoint_lsn}, lsn ${tail.lsn})`);
    log(`  AeroDB WAL tail: ${(tail.wal_bytes / 1024 ** 2).toFixed(1)} MiB in ${tail.seconds.toFixed(1)} s`);
  }
  const sqliteTailOpen = await timeOpens('sqlite', sqlitePath, withTail);
  const aeroTailOpen = engine ? await timeOpens('aerodb', aeroDir, withTail) : null;
  if (aeroTailOpen) {
    for (const run of aeroTailOpen.extra) {
      ensure(run.checkpoint_lsn < run.lsn, `open with a WAL tail found nothing to replay (checkpoint lsn ${run.checkpoint_lsn}, lsn ${run.lsn})`);
    }
  }
  const extraSeconds = aeroTailOpen && aeroOpen ? aeroTailOpen.value - aeroOpen.value : null;

  return [
    {
      id: '5a',
      name: `open (recover) ${large} documents from a checkpoint`,
      unit: 's',
      better: 'lower',
      aerodb: aeroOpen,
      sqlite: sqliteOpen,
      target: { text: '<= 3 s', maxValue: 3 },
      note: 'Fresh process each run; openDatabase() only (module import excluded). SQLite: read + JSON.parse every row into a Map.',
    },
    {
      id: '5b',
      name: `open ${large} documents + ${counts.walTail} WAL records after the checkpoint`,
      unit: 's',
      better: 'lower',
      aerodb: aeroTailOpen,
      sqlite: sqliteTailOpen,
      target: { text: '<= 1 s extra over 5a', maxExtra: 1, extra: extraSeconds },
      note: `WAL records are single-document units. SQLite baseline reads all ${withTail} rows.`,
    },
    {
      id: '6',
      name: `RSS after opening ${large} documents`,
      unit: 'bytes',
      better: 'lower',
      aerodb: aeroOpen ? rssOf(aeroOpen) : null,
      sqlite: rssOf(sqliteOpen),
      target: { text: '<= 1.5 GB', maxValue: 1.5 * GB },
      note: 'process.memoryUsage().rss right after open (row 5a children). SQLite: RSS holding every parsed document in a Map.',
    },
  ];
}
