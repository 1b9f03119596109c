// What the project watcher reports while `aerodb serve` runs (log lines now, the dashboard later).
import type { AeroErrorJSON } from '../../engine/errors/aero-error.js';
import type { SchemaDriftEntry } from '../../engine/migrations/schema-drift.js';
import type { DescribedProblem } from '../report-types.js';

export type WatchEvent =
  /** a migration file appeared (or came back) that is not applied */
  | { kind: 'migration_pending'; version: string; name: string; file: string }
  /** a pending migration's file is gone */
  | { kind: 'migration_removed'; version: string; name: string; file: string }
  /** an applied file was edited (modified) or deleted (missing), or a pending one sorts below an applied one */
  | { kind: 'migration_problem'; problem: DescribedProblem }
  /** a problem reported earlier is gone (file restored, renumbered, ...) */
  | { kind: 'migration_problem_cleared'; problem: DescribedProblem }
  /** migrations/ cannot be loaded at all (a file is not valid JSON, two files share a version, ...) */
  | { kind: 'migrations_unreadable'; error: AeroErrorJSON }
  | { kind: 'migrations_readable' }
  /** a schemas/*.json file differs from the applied schema (hand edit), field by field */
  | { kind: 'schema_drift'; entry: SchemaDriftEntry; fix: string }
  | { kind: 'schema_drift_cleared'; file: string };
