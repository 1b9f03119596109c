// A snapshot of what the watcher compares: the migration state and the schema drift. Events are
// the differences between two snapshots, so a file rewritten with the same content, or a state
// reached again, reports nothing new.
import { AeroError, type AeroErrorJSON } from '../../engine/errors/aero-error.js';
import type { SchemaDrift, SchemaDriftEntry } from '../../engine/migrations/schema-drift.js';
import type { MigrationStatusEntry } from '../../engine/migrations/migration-types.js';
import type { DescribedProblem } from '../report-types.js';
import type { WatchEvent } from './watch-events.js';

export interface MigrationsState {
  entries: MigrationStatusEntry[];
  problems: DescribedProblem[];
}

export interface ProjectState {
  /** the last readable migration state (kept while migrations/ is unreadable) */
  migrations: MigrationsState;
  /** set while migrations/ cannot be loaded */
  migrationsError: AeroErrorJSON | null;
  drift: SchemaDrift;
}

export const EMPTY_PROJECT_STATE: ProjectState = {
  migrations: { entries: [], problems: [] },
  migrationsError: null,
  drift: { clean: true, entries: [], fix: null },
};

/** The next state from a fresh reading; an unreadable migrations/ keeps the last readable state. */
export function nextProjectState(previous: ProjectState, migrations: MigrationsState | AeroError, drift: SchemaDrift): ProjectState {
  if (migrations instanceof AeroError) return { migrations: previous.migrations, migrationsError: migrations.toJSON(), drift };
  return { migrations, migrationsError: null, drift };
}

/** What changed from `before` to `after`, in a fixed order: migrations (by version), then schema files. */
export function diffProjectStates(before: ProjectState, after: ProjectState): WatchEvent[] {
  const events: WatchEvent[] = [];
  if (after.migrationsError && after.migrationsError.message !== before.migrationsError?.message) {
    events.push({ kind: 'migrations_unreadable', error: after.migrationsError });
  }
  if (!after.migrationsError && before.migrationsError) events.push({ kind: 'migrations_readable' });
  if (!after.migrationsError) events.push(...diffMigrations(before.migrations, after.migrations));
  events.push(...diffDrift(before.drift, after.drift));
  return events;
}

function diffMigrations(before: MigrationsState, after: MigrationsState): WatchEvent[] {
  const events: WatchEvent[] = [];
  const wasPending = new Map(before.entries.filter((e) => e.state === 'pending').map((e) => [e.version, e] as const));
  const known = new Set(after.entries.map((e) => e.version));
  for (const entry of after.entries) {
    if (entry.state === 'pending' && !wasPending.has(entry.version) && entry.file !== null) {
      events.push({ kind: 'migration_pending', version: entry.version, name: entry.name, file: entry.file });
    }
  }
  for (const [version, entry] of wasPending) {
    if (!known.has(version) && entry.file !== null) events.push({ kind: 'migration_removed', version, name: entry.name, file: entry.file });
  }
  const beforeProblems = new Map(before.problems.map((p) => [problemKey(p), p] as const));
  const afterKeys = new Set(after.problems.map(problemKey));
  for (const problem of after.problems) {
    const previous = beforeProblems.get(problemKey(problem));
    // the same problem again after another edit (a new checksum) is worth saying again
    if (!previous || JSON.stringify(previous) !== JSON.stringify(problem)) events.push({ kind: 'migration_problem', problem });
  }
  for (const problem of before.problems) {
    if (!afterKeys.has(problemKey(problem))) events.push({ kind: 'migration_problem_cleared', problem });
  }
  return events;
}

function diffDrift(before: SchemaDrift, after: SchemaDrift): WatchEvent[] {
  const events: WatchEvent[] = [];
  const previous = new Map(before.entries.map((e) => [e.file, entrySignature(e)] as const));
  const current = new Set(after.entries.map((e) => e.file));
  for (const entry of after.entries) {
    if (previous.get(entry.file) !== entrySignature(entry)) events.push({ kind: 'schema_drift', entry, fix: driftFix(entry) });
  }
  for (const entry of before.entries) {
    if (!current.has(entry.file)) events.push({ kind: 'schema_drift_cleared', file: entry.file });
  }
  return events;
}

/** Both ways out of a drifted file: make it a migration, or throw the edit away. */
function driftFix(entry: SchemaDriftEntry): string {
  const discard = entry.kind === 'added' ? `rm schemas/${entry.file}` : `git checkout -- schemas/${entry.file}`;
  return `keep the edit: aerodb migrate new NAME --from-schemas (drafts a migration to review, then aerodb migrate up); discard it: ${discard}`;
}

function problemKey(problem: DescribedProblem): string {
  return `${problem.kind}:${problem.version}`;
}

function entrySignature(entry: SchemaDriftEntry): string {
  return JSON.stringify([entry.kind, entry.changes]);
}
