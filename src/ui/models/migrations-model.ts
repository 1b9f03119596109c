// The migrations view: the status (applied, pending, modified, missing), the problems and the schema
// drift; `u` applies the next pending migration and `d` rolls back the newest applied one, each only
// after its version is typed back as confirmation.
import type { MigrationStatusEntry } from '../../engine/migrations/migration-types.js';
import type { MigrateRunReport, MigrationStatusReport } from '../../services/report-types.js';
import type { ErrorView } from './effects.js';

export interface PlannedMigration {
  direction: 'up' | 'down';
  entry: MigrationStatusEntry;
  /** what the server is asked: up through entry.version, or down to the version below it */
  target: string;
}

export interface MigrationsState {
  report: MigrationStatusReport | null;
  loadError: string | null;
  selected: number;
  /** waiting for the version to be typed */
  confirm: { plan: PlannedMigration; typed: string; mismatch: string | null } | null;
  running: { plan: PlannedMigration; requestId: number } | null;
  outcome: { ok: true; lines: string[] } | { ok: false; error: ErrorView } | null;
}

export const INITIAL_MIGRATIONS: MigrationsState = { report: null, loadError: null, selected: 0, confirm: null, running: null, outcome: null };

export function setMigrationReport(state: MigrationsState, report: MigrationStatusReport): MigrationsState {
  return { ...state, report, loadError: null, selected: Math.min(state.selected, Math.max(0, report.migrations.length - 1)) };
}

export function setMigrationLoadError(state: MigrationsState, message: string): MigrationsState {
  return { ...state, loadError: message };
}

/** The first pending migration (what `u` applies). */
export function nextPending(report: MigrationStatusReport | null): MigrationStatusEntry | null {
  return report?.migrations.find((m) => m.state === 'pending') ?? null;
}

/** The newest applied migration (what `d` rolls back) and the version that stays ("000" = none). */
export function lastApplied(report: MigrationStatusReport | null): { entry: MigrationStatusEntry; keep: string } | null {
  const applied = (report?.migrations ?? []).filter((m) => m.state === 'applied' || m.state === 'modified' || m.state === 'missing');
  const entry = applied.at(-1);
  if (entry === undefined) return null;
  const below = applied.at(-2);
  return { entry, keep: below?.version ?? '0'.repeat(entry.version.length) };
}

export function planApplyNext(state: MigrationsState): MigrationsState {
  const entry = nextPending(state.report);
  if (entry === null || state.running) return { ...state, outcome: state.running ? state.outcome : { ok: true, lines: ['nothing to apply: no pending migration'] } };
  return { ...state, confirm: { plan: { direction: 'up', entry, target: entry.version }, typed: '', mismatch: null } };
}

export function planRollback(state: MigrationsState): MigrationsState {
  const last = lastApplied(state.report);
  if (last === null || state.running) return { ...state, outcome: state.running ? state.outcome : { ok: true, lines: ['nothing to roll back: no applied migration'] } };
  return { ...state, confirm: { plan: { direction: 'down', entry: last.entry, target: last.keep }, typed: '', mismatch: null } };
}

export function typeConfirmation(state: MigrationsState, typed: string): MigrationsState {
  return state.confirm ? { ...state, confirm: { ...state.confirm, typed, mismatch: null } } : state;
}

export function cancelConfirmation(state: MigrationsState): MigrationsState {
  return { ...state, confirm: null };
}

/** Enter in the confirmation: runs when the typed text is the version, else says what was expected. */
export function submitConfirmation(state: MigrationsState, requestId: number): { state: MigrationsState; run: PlannedMigration | null } {
  const confirm = state.confirm;
  if (confirm === null) return { state, run: null };
  if (confirm.typed.trim() !== confirm.plan.entry.version) {
    return { state: { ...state, confirm: { ...confirm, mismatch: `typed "${confirm.typed}", expected ${confirm.plan.entry.version}` } }, run: null };
  }
  return { state: { ...state, confirm: null, running: { plan: confirm.plan, requestId }, outcome: null }, run: confirm.plan };
}

export function migrationFinished(state: MigrationsState, requestId: number, result: { report: MigrateRunReport } | { error: ErrorView }): MigrationsState {
  if (state.running?.requestId !== requestId) return state;
  if ('error' in result) return { ...state, running: null, outcome: { ok: false, error: result.error } };
  return { ...state, running: null, outcome: { ok: true, lines: runReportLines(result.report) } };
}

export function moveMigrationSelection(state: MigrationsState, delta: number): MigrationsState {
  const count = state.report?.migrations.length ?? 0;
  return { ...state, selected: Math.min(Math.max(0, count - 1), Math.max(0, state.selected + delta)) };
}

function runReportLines(report: MigrateRunReport): string[] {
  const verb = report.direction === 'up' ? 'applied' : 'rolled back';
  if (report.steps.length === 0) return [`nothing ${verb}; current version ${report.current ?? 'none'}`];
  const lines = report.steps.map((s) => `${verb} ${s.version} ${s.name} (lsn ${s.lsn}; ${s.collections.length > 0 ? s.collections.join(', ') : 'no collection changed'})`);
  const files = [...report.schema_files.written.map((f) => `wrote schemas/${f}`), ...report.schema_files.deleted.map((f) => `deleted schemas/${f}`)];
  lines.push(`current version ${report.current ?? 'none'}${files.length > 0 ? `; ${files.join(', ')}` : ''}`);
  return lines;
}
