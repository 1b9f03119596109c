import { withProject, type ProjectOptions } from './project-session.js';
import type { MigrationStatusReport, VerifyReport } from './report-types.js';

/** `aerodb migrate status`: every migration's state, the history problems and schema drift. */
export function migrationStatus(options: ProjectOptions): Promise<MigrationStatusReport> {
  return withProject(options, (source) => source.status());
}

/** `aerodb migrate verify`: status, judged. ok = no modified/missing/out-of-order file and no drift. */
export async function verifyMigrations(options: ProjectOptions): Promise<VerifyReport> {
  return judge(await migrationStatus(options));
}

export function judge(report: MigrationStatusReport): VerifyReport {
  const ok = report.problems.length === 0 && report.drift.clean;
  const applied = report.migrations.filter((m) => m.state === 'applied').length;
  const pending = report.migrations.filter((m) => m.state === 'pending').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = ok
    ? `ok: ${plural(applied, 'applied migration')} match their files (${pending} pending), schemas/ matches the applied schemas`
    : `failed: ${plural(report.problems.length, 'migration problem')}, ${plural(report.drift.entries.length, 'drifted schema file')}`;
  return { ...report, ok, summary };
}
