// The problems view: what the project watchers found wrong right now (an edited applied migration,
// an unreadable migrations/, a hand-edited schema file, a watcher failure), each with its file and
// the fix. A problem leaves the list when the watcher reports it cleared.
import { migrationFileName } from '../../engine/migrations/file-name.js';
import type { DescribedProblem } from '../../services/report-types.js';
import type { WatchEvent } from '../../services/watchers/watch-events.js';

export interface Problem {
  /** what identifies it, so a later report replaces it and a "cleared" removes it */
  key: string;
  area: 'migrations' | 'schemas' | 'functions' | 'watcher';
  /** the file to look at, relative to the project root; null when there is none */
  file: string | null;
  title: string;
  details: string[];
  fix: string[];
}

export interface ProblemsState {
  /** in the order first reported */
  items: readonly Problem[];
  selected: number;
}

export const INITIAL_PROBLEMS: ProblemsState = { items: [], selected: 0 };

export function applyWatchEvent(state: ProblemsState, event: WatchEvent): ProblemsState {
  switch (event.kind) {
    case 'migration_problem':
      return upsertProblem(state, migrationProblem(event.problem));
    case 'migration_problem_cleared':
      return removeProblem(state, migrationProblemKey(event.problem));
    case 'migrations_unreadable': {
      const { file: one, files } = event.error.details;
      const file = typeof one === 'string' ? one : Array.isArray(files) ? files.join(', ') : 'migrations/';
      return upsertProblem(state, {
        key: 'migrations:unreadable',
        area: 'migrations',
        file,
        title: `migrations/ cannot be read: ${event.error.code}`,
        details: [event.error.message],
        fix: [event.error.hint],
      });
    }
    case 'migrations_readable':
      return removeProblem(state, 'migrations:unreadable');
    case 'schema_drift':
      return upsertProblem(state, {
        key: `schemas:${event.entry.file}`,
        area: 'schemas',
        file: `schemas/${event.entry.file}`,
        title: `schemas/${event.entry.file} differs from the applied schema (${event.entry.kind}); nothing is applied`,
        details: event.entry.changes,
        fix: [event.fix],
      });
    case 'schema_drift_cleared':
      return removeProblem(state, `schemas:${event.file}`);
    case 'migration_pending':
    case 'migration_removed':
      // not a problem: the migrations view lists pending files
      return state;
  }
}

/** A failure of the watcher itself (it stays until the dashboard restarts: nothing clears it). */
export function addWatcherError(state: ProblemsState, message: string): ProblemsState {
  return upsertProblem(state, { key: `watcher:${message}`, area: 'watcher', file: null, title: `watcher: ${message}`, details: [], fix: ['Check that migrations/ and schemas/ exist and are readable, then restart aerodb serve.'] });
}

export function upsertProblem(state: ProblemsState, problem: Problem): ProblemsState {
  const index = state.items.findIndex((p) => p.key === problem.key);
  const items = index === -1 ? state.items.concat(problem) : state.items.map((p, i) => (i === index ? problem : p));
  return { ...state, items };
}

export function removeProblem(state: ProblemsState, key: string): ProblemsState {
  const items = state.items.filter((p) => p.key !== key);
  if (items.length === state.items.length) return state;
  return { items, selected: Math.min(state.selected, Math.max(0, items.length - 1)) };
}

export function moveProblemSelection(state: ProblemsState, delta: number): ProblemsState {
  return { ...state, selected: Math.min(Math.max(0, state.items.length - 1), Math.max(0, state.selected + delta)) };
}

function migrationProblemKey(problem: DescribedProblem): string {
  return `migrations:${problem.kind}:${problem.version}`;
}

function migrationProblem(problem: DescribedProblem): Problem {
  const base = { key: migrationProblemKey(problem), area: 'migrations' as const, details: [problem.message], fix: problem.fix };
  switch (problem.kind) {
    case 'modified':
      return { ...base, file: `migrations/${problem.file}`, title: `MODIFIED: ${problem.version} ${problem.name} was edited after it was applied` };
    case 'missing':
      return { ...base, file: `migrations/${migrationFileName(problem.version, problem.name)}`, title: `MISSING: ${problem.version} ${problem.name} is applied, but its file is gone from migrations/` };
    case 'out_of_order':
      return { ...base, file: `migrations/${problem.file}`, title: `OUT OF ORDER: ${problem.version} ${problem.name} is pending but sorts below the applied ${problem.highest_applied}` };
  }
}
