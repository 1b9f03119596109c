import type { MigrateRunReport } from '../services/report-types.js';

/** What `migrate up|down` prints: each step, the version reached and the schema files touched. */
export function renderRunReport(report: MigrateRunReport): string {
  const verb = report.direction === 'up' ? 'Applied' : 'Rolled back';
  const lines =
    report.steps.length === 0
      ? [report.direction === 'up' ? 'Nothing to apply: no pending migrations in range.' : 'Nothing to roll back.']
      : report.steps.map((s) => `${verb} ${s.version} ${s.name} (lsn ${s.lsn}${s.collections.length ? `; ${s.collections.join(', ')}` : ''})`);
  lines.push(`Current version: ${report.current ?? 'none (nothing applied)'}`);
  const files = [...report.schema_files.written.map((f) => `wrote schemas/${f}`), ...report.schema_files.deleted.map((f) => `deleted schemas/${f}`)];
  if (files.length) lines.push(files.join(', '));
  for (const file of report.schema_files.overwritten_edits) lines.push(`note: schemas/${file} held hand edits (drift) that are not in the applied schema; they were replaced (git diff shows them)`);
  return lines.join('\n');
}
