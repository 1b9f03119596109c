import { computeSchemaDrift, type SchemaDrift } from '../engine/migrations/schema-drift.js';
import type { MigrationProblem, MigrationStatusEntry } from '../engine/migrations/migration-types.js';
import { describeProblem } from '../engine/migrations/problems.js';
import { computeMigrationStatus } from '../engine/migrations/status.js';
import { withProject, type ProjectOptions } from './project-session.js';

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

/** `aerodb migrate status`: every migration's state, the history problems and schema drift. */
export function migrationStatus(options: ProjectOptions): Promise<MigrationStatusReport> {
  return withProject(options, async ({ project, migrations, source }) => {
    const status = computeMigrationStatus(migrations, await source.migrationHistory());
    const drift = computeSchemaDrift(project.schemasDir, await source.appliedSchemas());
    return {
      project: project.root,
      current: status.current,
      migrations: status.entries,
      problems: status.problems.map((p) => {
        const { text, fix } = describeProblem(p);
        return { ...p, message: text, fix };
      }),
      drift,
    };
  });
}

/** `aerodb migrate verify`: status, judged. ok = no modified/missing/out-of-order file and no drift. */
export async function verifyMigrations(options: ProjectOptions): Promise<VerifyReport> {
  const report = await migrationStatus(options);
  const ok = report.problems.length === 0 && report.drift.clean;
  const applied = report.migrations.filter((m) => m.state === 'applied').length;
  const pending = report.migrations.filter((m) => m.state === 'pending').length;
  const summary = ok
    ? `ok: ${applied} applied migration${applied === 1 ? '' : 's'} match their files (${pending} pending), schemas/ matches the applied schemas`
    : `failed: ${report.problems.length} migration problem${report.problems.length === 1 ? '' : 's'}, ${report.drift.entries.length} drifted schema file${report.drift.entries.length === 1 ? '' : 's'}`;
  return { ...report, ok, summary };
}
