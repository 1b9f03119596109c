import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedProject } from '../config/load-config.js';
import type { Database } from '../engine/database-types.js';
import { AeroError } from '../engine/errors/aero-error.js';
import type { MigrationStepResult } from '../engine/migrations/apply-step.js';
import { compareVersions, migrationFileName, nextVersion } from '../engine/migrations/file-name.js';
import { readMigrationHistory } from '../engine/migrations/history.js';
import { loadMigrations } from '../engine/migrations/load-migrations.js';
import { migrateDown } from '../engine/migrations/migrate-down.js';
import { migrateUp } from '../engine/migrations/migrate-up.js';
import type { Clock, Migration, MigrationProgress, MigrationRecord } from '../engine/migrations/migration-types.js';
import { describeProblem } from '../engine/migrations/problems.js';
import { resolveModifiedMigration, type ResolveResult } from '../engine/migrations/resolve-modified.js';
import { computeSchemaDrift, draftMigrationFromSchemaFiles } from '../engine/migrations/schema-drift.js';
import { writeSchemaFiles } from '../engine/migrations/schema-files.js';
import { computeMigrationStatus } from '../engine/migrations/status.js';
import type { Explain } from '../engine/query/explain-types.js';
import type { Query, SchemaOp } from '../engine/types.js';
import { CLI_CONTEXT, MIGRATION_CONTEXT } from './oplog/call-contexts.js';
import type { MigrateRunReport, MigrationStatusReport, NewMigrationReport } from './report-types.js';

/**
 * What the migrate and explain commands do, over an open database and the project's files. Used
 * by the CLI when it opens the data directory itself, and by `aerodb serve` for its admin API, so
 * both paths give the same results. Migration files are re-read on every call (they change while
 * a server runs). Does not own the database: the caller closes it.
 */
export class ProjectOperations {
  constructor(
    readonly project: LoadedProject,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async status(): Promise<MigrationStatusReport> {
    const history = await readMigrationHistory(this.db);
    const status = computeMigrationStatus(this.migrations(history), history);
    return {
      project: this.project.root,
      current: status.current,
      migrations: status.entries,
      problems: status.problems.map((p) => {
        const { text, fix } = describeProblem(p);
        return { ...p, message: text, fix };
      }),
      drift: computeSchemaDrift(this.project.schemasDir, this.db.schemas()),
    };
  }

  /** Applies pending migrations (through `target`), then rewrites schemas/*.json. */
  async up(options: { target?: string; onProgress?: MigrationProgress } = {}): Promise<MigrateRunReport> {
    const migrations = this.migrations(await readMigrationHistory(this.db));
    return this.runAndSnapshot('up', options.onProgress, (onProgress) => migrateUp(this.db.withContext(MIGRATION_CONTEXT), migrations, { ...options, onProgress, clock: this.clock }));
  }

  /** Rolls back applied migrations above `target`, newest first, then rewrites schemas/*.json. */
  async down(options: { target: string; onProgress?: MigrationProgress }): Promise<MigrateRunReport> {
    const migrations = this.migrations(await readMigrationHistory(this.db));
    return this.runAndSnapshot('down', options.onProgress, (onProgress) => migrateDown(this.db.withContext(MIGRATION_CONTEXT), migrations, { ...options, onProgress, clock: this.clock }));
  }

  async resolve(options: { version: string; reason: string }): Promise<ResolveResult> {
    return resolveModifiedMigration(this.db.withContext(MIGRATION_CONTEXT), this.migrations(await readMigrationHistory(this.db)), { ...options, clock: this.clock });
  }

  /** Writes the next-numbered migration file for review (a skeleton, or drafted from schemas/). */
  async newMigration(options: { name: string; fromSchemas: boolean }): Promise<NewMigrationReport> {
    const history = await readMigrationHistory(this.db);
    const migrations = this.migrations(history);
    const highest = [...migrations.map((m) => m.version), ...history.map((r) => r.version)].sort(compareVersions).at(-1) ?? null;
    const version = nextVersion(highest);
    const { name } = options;
    let up: SchemaOp[] = [];
    let down: SchemaOp[] = [];
    if (options.fromSchemas) {
      ({ up, down } = draftMigrationFromSchemaFiles(this.project.schemasDir, this.db.schemas()));
      if (up.length === 0) return { created: false, version, name, file: null, up, down };
    }
    const path = join(this.project.migrationsDir, migrationFileName(version, name));
    if (existsSync(path)) {
      throw new AeroError('AERO_MIGRATION_DUPLICATE_VERSION', `${relative(this.project.root, path)} already exists`, { hint: 'Pick another name, or edit the existing file.' });
    }
    mkdirSync(this.project.migrationsDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify({ version, name, up, down }, null, 2)}\n`, { flag: 'wx' });
    return { created: true, version, name, file: relative(this.project.root, path), up, down };
  }

  explain(collection: string, query: Query, options: { analyze: boolean }): Promise<Explain> {
    return this.db.withContext(CLI_CONTEXT).explain(collection, query, options);
  }

  /** The files, read fresh; those matching an applied checksum are not re-validated. */
  private migrations(history: readonly MigrationRecord[]): Migration[] {
    const trustedChecksums = new Set(history.filter((r) => r.direction === 'up').map((r) => r.checksum));
    return loadMigrations(this.project.migrationsDir, { displayRoot: this.project.root, trustedChecksums });
  }

  /**
   * Runs the steps; schema files are rewritten even when a later step failed (the earlier steps
   * are applied), and the error then says which steps were.
   */
  private async runAndSnapshot(
    direction: 'up' | 'down',
    onProgress: MigrationProgress | undefined,
    run: (onProgress: MigrationProgress) => Promise<MigrationStepResult[]>,
  ): Promise<MigrateRunReport> {
    const before = this.db.schemas();
    const done: string[] = [];
    const track: MigrationProgress = (event) => {
      if (event.phase === 'done') done.push(event.version);
      onProgress?.(event);
    };
    let steps: MigrationStepResult[] = [];
    let failure: unknown = null;
    try {
      steps = await run(track);
    } catch (err) {
      failure = err ?? new Error('migration failed');
    }
    const schemaFiles = writeSchemaFiles(this.project.schemasDir, before, this.db.schemas());
    if (failure !== null) throw done.length > 0 && failure instanceof AeroError ? withCompletedSteps(failure, direction, done) : failure;
    const current = (await readMigrationHistory(this.db)).filter((r) => r.direction === 'up').at(-1)?.version ?? null;
    return { direction, steps, current, schema_files: schemaFiles };
  }
}

function withCompletedSteps(error: AeroError, direction: 'up' | 'down', done: string[]): AeroError {
  const verb = direction === 'up' ? 'applied' : 'rolled back';
  return new AeroError(error.code, `${error.message} (${verb} before it: ${done.join(', ')})`, {
    details: { ...error.details, [`${verb.replace(' ', '_')}_before_failure`]: done },
    hint: error.hint,
    cause: error,
  });
}
