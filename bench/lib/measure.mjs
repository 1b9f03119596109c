// Timing rules shared by every row: medians of 3 runs for short measurements, one run for long ones.
import { performance } from 'node:perf_hooks';

/** A measurement shorter than this is repeated (3 runs, median); a longer one runs once. */
export const SHORT_RUN_SECONDS = 5;
export const SHORT_RUNS = 3;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function seconds(startMs) {
  return (performance.now() - startMs) / 1000;
}

export const now = () => performance.now();

/**
 * Runs each named measurement (`runner(round)` -> { seconds, value, extra? }) in rounds, interleaved
 * (A, B, C, A, B, C, ...) so that load from elsewhere on the machine hits every contender alike.
 * One round when any run took SHORT_RUN_SECONDS or more, else SHORT_RUNS rounds; `rounds` forces a
 * count. `alternate`: odd rounds run the contenders in reverse order (A, B, B, A, ...), so a drift
 * in machine load does not favour whoever runs first. `rotate`: round r starts with the r-th contender
 * (A, B, C, B, C, A, C, A, B, ...), so each takes every position equally often (alternating leaves
 * the middle one always in the middle). Null runners are skipped (and come back as
 * null). Returns each name's median and runs.
 */
export async function interleavedRuns(runners, { rounds, alternate = false, rotate = false } = {}) {
  const names = Object.keys(runners).filter((name) => runners[name]);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  const runRound = async (round) => {
    const shift = round % names.length;
    const order = rotate ? [...names.slice(shift), ...names.slice(0, shift)] : alternate && round % 2 === 1 ? [...names].reverse() : names;
    for (const name of order) runs[name].push(await runners[name](round));
  };
  await runRound(0);
  const total = rounds ?? (names.every((name) => runs[name][0].seconds < SHORT_RUN_SECONDS) ? SHORT_RUNS : 1);
  for (let round = 1; round < total; round++) await runRound(round);
  return Object.fromEntries(Object.keys(runners).map((name) => [name, runners[name] ? summarize(runs[name]) : null]));
}

function summarize(runs) {
  const values = runs.map((run) => run.value);
  return {
    value: median(values),
    runs: values,
    seconds: runs.map((run) => run.seconds),
    method: runs.length === 1 ? 'single run' : `median of ${runs.length}`,
    extra: runs.map((run) => run.extra).filter((extra) => extra !== undefined),
  };
}
