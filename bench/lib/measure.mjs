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
 * Runs `runOnce(runIndex)` (-> { seconds, value }) once, and twice more if that took less than
 * SHORT_RUN_SECONDS. Returns the median value, every run's value and the method used.
 */
export async function adaptiveRuns(runOnce) {
  const first = await runOnce(0);
  const runs = [first];
  if (first.seconds < SHORT_RUN_SECONDS) {
    for (let i = 1; i < SHORT_RUNS; i++) runs.push(await runOnce(i));
  }
  return summarize(runs);
}

/** Always SHORT_RUNS runs (used where each run is known to be short, e.g. reads, child opens). */
export async function fixedRuns(runOnce, count = SHORT_RUNS) {
  const runs = [];
  for (let i = 0; i < count; i++) runs.push(await runOnce(i));
  return summarize(runs);
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
