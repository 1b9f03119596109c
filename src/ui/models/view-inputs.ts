// What each part of the screen is drawn from, so a part is redrawn only when one of its inputs
// changed: at thousands of operations per second only the oplog view changes with every batch.
import type { DashboardState } from './dashboard-state.js';

/** The state slices the current view (or the help) reads; compared one by one with Object.is. */
export function viewInputs(state: DashboardState): readonly unknown[] {
  const base = [state.view, state.help, state.size.columns, state.size.rows];
  if (state.help) return base;
  switch (state.view) {
    case 'overview':
      // the oplog figures in the overview are taken with each stats sample (once a second)
      return [...base, state.server, state.stats, state.overview, state.problems.items.length, state.connection, state.clockEpochMs];
    case 'collections':
      return [...base, state.stats, state.collections];
    case 'migrations':
      return [...base, state.migrations];
    case 'oplog':
      return [...base, state.oplog, state.overview.rates, state.overview.rateUnit];
    case 'functions':
      return [...base, state.functions];
    case 'realtime':
      return base;
    case 'problems':
      return [...base, state.problems];
  }
}

/** The header: server, LSN, uptime, connection. */
export function headerInputs(state: DashboardState): readonly unknown[] {
  return [state.server, state.stats?.lsn, state.clockEpochMs, state.connection, state.size.columns];
}

/** The tab bar: which view, and the problem count. */
export function tabInputs(state: DashboardState): readonly unknown[] {
  return [state.view, state.help, state.problems.items.length, state.size.columns];
}

export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
