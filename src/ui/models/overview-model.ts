// The overview: server identity, keys (masked until revealed), storage figures and the ops/s trend.
import type { StatsSample } from './feed-events.js';

/** Rate samples kept (one per stats sample, about a second apart). */
export const RATE_SAMPLES = 120;
/** Server log lines kept for the overview's tail. */
export const LOG_KEEP = 50;

export interface OverviewState {
  keysRevealed: boolean;
  /** operations (or, without an operation log, write units) per second, newest last */
  rates: readonly number[];
  rateUnit: 'ops' | 'writes' | null;
  /** the previous sample's counter, to turn the next one into a rate */
  previous: { atMs: number; total: number; unit: 'ops' | 'writes' } | null;
  log: readonly string[];
  /** the oplog figures as of the last stats sample (the overview is redrawn once a second, not per entry) */
  oplogSeen: number;
  slowKept: number;
  keptRows: number;
}

export const INITIAL_OVERVIEW: OverviewState = { keysRevealed: false, rates: [], rateUnit: null, previous: null, log: [], oplogSeen: 0, slowKept: 0, keptRows: 0 };

/** Copies the oplog figures the overview shows (taken with each stats sample). */
export function withOplogFigures(state: OverviewState, figures: { seen: number; slowKept: number; keptRows: number }): OverviewState {
  return { ...state, oplogSeen: figures.seen, slowKept: figures.slowKept, keptRows: figures.keptRows };
}

/** Turns the counter of a stats sample into a rate: operations from the oplog sequence, else LSN steps. */
export function recordStatsSample(state: OverviewState, sample: StatsSample): OverviewState {
  const unit = sample.opsTotal === null ? 'writes' : 'ops';
  const total = sample.opsTotal ?? sample.stats.lsn;
  const previous = state.previous;
  const next = { atMs: sample.atMs, total, unit } as const;
  // a unit change (oplog appeared) or a clock step backwards starts the series again
  if (previous === null || previous.unit !== unit || sample.atMs <= previous.atMs) {
    return { ...state, previous: next, rateUnit: unit, rates: previous !== null && previous.unit !== unit ? [] : state.rates };
  }
  const rate = (Math.max(0, total - previous.total) * 1000) / (sample.atMs - previous.atMs);
  const rates = state.rates.length >= RATE_SAMPLES ? state.rates.slice(state.rates.length - RATE_SAMPLES + 1).concat(rate) : state.rates.concat(rate);
  return { ...state, previous: next, rateUnit: unit, rates };
}

export function appendLog(state: OverviewState, lines: readonly string[]): OverviewState {
  if (lines.length === 0) return state;
  const all = state.log.concat(lines);
  return { ...state, log: all.length > LOG_KEEP ? all.slice(all.length - LOG_KEEP) : all };
}

export function toggleKeys(state: OverviewState): OverviewState {
  return { ...state, keysRevealed: !state.keysRevealed };
}

/** A key as shown until revealed: its kind prefix (`aero_anon_`) and 4 more characters, then dots. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]+_[a-z]+_/.exec(key)?.[0] ?? '';
  const shown = key.slice(0, prefix.length + 4);
  return `${shown}${'•'.repeat(Math.max(4, Math.min(12, key.length - shown.length)))}`;
}
