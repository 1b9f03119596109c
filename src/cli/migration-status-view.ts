import type { SchemaDrift } from '../engine/migrations/schema-drift.js';
import type { DescribedProblem, MigrationStatusReport } from '../services/report-types.js';
import { renderTable } from './text-table.js';

/** `migrate status` as text: the table, then problems with their fix, then schema drift. */
export function renderMigrationStatus(report: MigrationStatusReport): string {
  const rows = report.migrations.map((m) => [
    m.version,
    m.name,
    m.out_of_order ? 'pending (out of order)' : m.state,
    m.applied_at ?? '-',
    shortChecksum(m.checksum),
  ]);
  const parts = [
    report.migrations.length === 0 ? 'No migrations in migrations/.' : renderTable(['VERSION', 'NAME', 'STATE', 'APPLIED AT', 'CHECKSUM'], rows),
    '',
    `Current version: ${report.current ?? 'none (nothing applied)'}`,
  ];
  if (report.problems.length > 0) {
    parts.push('', 'Problems (migrate up refuses until they are fixed):');
    for (const p of report.problems) parts.push(...renderProblem(p));
  }
  parts.push('', ...renderDrift(report.drift));
  return parts.join('\n');
}

/** A problem, its checksums and the commands that fix it, indented under a ✗ line. */
export function renderProblem(problem: DescribedProblem): string[] {
  const lines = [`  ✗ ${problem.message}`];
  if (problem.kind === 'modified') lines.push(`      expected ${problem.expected_checksum}`, `      actual   ${problem.actual_checksum}`);
  if (problem.kind === 'missing') lines.push(`      expected ${problem.expected_checksum}`);
  lines.push(...problem.fix.map((f) => `      ${f}`));
  return lines;
}

export function renderDrift(drift: SchemaDrift): string[] {
  if (drift.clean) return ['Schema drift: none (schemas/ matches the applied schemas).'];
  const lines = ['Schema drift (schemas/*.json differs from the applied schemas):'];
  for (const entry of drift.entries) {
    lines.push(`  ${entry.file} (${entry.kind})`);
    for (const change of entry.changes) lines.push(`    - ${change}`);
  }
  if (drift.fix) lines.push(`  fix: ${drift.fix}`);
  return lines;
}

function shortChecksum(checksum: string): string {
  return checksum.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…');
}
