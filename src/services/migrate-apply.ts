import type { MigrationStepResult } from '../engine/migrations/apply-step.js';
import type { MigrationProgress } from '../engine/migrations/migration-types.js';
import { writeSchemaFiles, type SchemaFilesResult } from '../engine/migrations/schema-files.js';
import { withProject, type ProjectOptions, type ProjectSession } from './project-session.js';

export interface MigrateRunReport {
  direction: 'up' | 'down';
  /** the steps run, in order */
  steps: MigrationStepResult[];
  /** highest applied version afterwards (null = none) */
  current: string | null;
  schema_files: SchemaFilesResult;
}

export interface MigrateUpOptions extends ProjectOptions {
  target?: string;
  onProgress?: MigrationProgress;
}

export interface MigrateDownOptions extends ProjectOptions {
  target: string;
  onProgress?: MigrationProgress;
}

/** `aerodb migrate up [VERSION]`: applies pending migrations, then rewrites schemas/*.json. */
export function runMigrateUp(options: MigrateUpOptions): Promise<MigrateRunReport> {
  return withProject(options, (session) =>
    runAndSnapshot(session, 'up', () => session.source.migrateUp(session.migrations, stepOptions(options))),
  );
}

/** `aerodb migrate down VERSION`: rolls back newer migrations, then rewrites schemas/*.json. */
export function runMigrateDown(options: MigrateDownOptions): Promise<MigrateRunReport> {
  return withProject(options, (session) =>
    runAndSnapshot(session, 'down', () => session.source.migrateDown(session.migrations, { ...stepOptions(options), target: options.target })),
  );
}

/** Runs the steps; the schema files are rewritten even when a later step failed (earlier ones are applied). */
export async function runAndSnapshot(session: ProjectSession, direction: 'up' | 'down', run: () => Promise<MigrationStepResult[]>): Promise<MigrateRunReport> {
  const before = (await session.source.appliedSchemas()).map((s) => s.collection);
  let steps: MigrationStepResult[] = [];
  let failed = false;
  let failure: unknown;
  try {
    steps = await run();
  } catch (err) {
    failed = true;
    failure = err;
  }
  const schemaFiles = writeSchemaFiles(session.project.schemasDir, await session.source.appliedSchemas(), before);
  if (failed) throw failure;
  const history = await session.source.migrationHistory();
  const current = history.filter((r) => r.direction === 'up').at(-1)?.version ?? null;
  return { direction, steps, current, schema_files: schemaFiles };
}

function stepOptions(options: { target?: string; onProgress?: MigrationProgress }): { target?: string; onProgress?: MigrationProgress } {
  const out: { target?: string; onProgress?: MigrationProgress } = {};
  if (options.target !== undefined) out.target = options.target;
  if (options.onProgress) out.onProgress = options.onProgress;
  return out;
}
