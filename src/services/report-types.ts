// What each project operation returns: the same objects whether the CLI opened the data
// directory itself or asked a running server (its admin API sends these as JSON).
import type { MigrationStepResult } from '../engine/migrations/apply-step.js';
import type { MigrationProblem, MigrationStatusEntry } from '../engine/migrations/migration-types.js';
import type { SchemaDrift } from '../engine/migrations/schema-drift.js';
import type { SchemaFilesResult } from '../engine/migrations/schema-files.js';
import type { SchemaOp } from '../engine/types.js';

export type DescribedProblem = MigrationProblem & { message: string; fix: string[] };

export interface MigrationStatusReport {
  project: string;
  /** highest applied version (null = nothing applied) */
  current: string | null;
  migrations: MigrationStatusEntry[];
  problems: DescribedProblem[];
  drift: SchemaDrift;
}

export interface VerifyReport extends MigrationStatusReport {
  ok: boolean;
  summary: string;
}

export interface MigrateRunReport {
  direction: 'up' | 'down';
  /** the steps run, in order */
  steps: MigrationStepResult[];
  /** highest applied version afterwards (null = none) */
  current: string | null;
  schema_files: SchemaFilesResult;
}

export interface NewMigrationReport {
  /** false when --from-schemas found nothing to draft (no file written) */
  created: boolean;
  version: string;
  name: string;
  /** path relative to the project root */
  file: string | null;
  up: SchemaOp[];
  down: SchemaOp[];
}
