// How the functions commands print: deploy reports, the list, log lines, invocations and replays.
import type { AeroErrorJSON } from '../engine/errors/aero-error.js';
import type { BuildStep } from '../engine/functions/compile/build-function.js';
import type { ReplayReport } from '../engine/functions/runtime/replay-invocation.js';
import type { FunctionLogEntry } from '../engine/functions/store/function-log-book.js';
import type { FunctionInvocation } from '../server/function-hooks.js';
import type { DeployOutcome } from '../services/functions/deploy-outcomes.js';
import { describeTrigger, type FunctionSummary } from '../services/functions/function-summaries.js';
import { renderTable } from './text-table.js';

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

export function renderDeployOutcome(outcome: DeployOutcome, mode: 'direct' | 'server'): string {
  if (!outcome.ok) return renderDeployError(outcome.function, outcome.error);
  const r = outcome.report;
  if (r.status === 'unchanged') return `${r.function}: unchanged, v${r.version} is this exact build (same bundle and function.json)`;
  const lines = [`deployed ${r.function} v${r.version}  (sha256 ${r.sha256.slice(0, 12)}, ${formatBytes(r.bytes)}, memory cap ${r.memory_mb} MiB, timeout ${r.timeout_ms} ms)`];
  const width = Math.max(...r.steps.map((s) => s.step.length), 'total'.length);
  for (const step of r.steps) lines.push(`  ${step.step.padEnd(width)}  ${formatMs(step.ms).padStart(8)}`);
  lines.push(`  ${'total'.padEnd(width)}  ${formatMs(r.total_ms).padStart(8)}`);
  for (const warning of r.warnings) lines.push(`  warning: ${warning}`);
  lines.push(`  triggers: ${r.triggers.length === 0 ? 'none (invoke with `aerodb functions invoke`)' : r.triggers.map((t) => describeTrigger(t, r.function)).join('; ')}`);
  lines.push(
    mode === 'server'
      ? `  live: the running server swapped it in${r.previous_version === null ? '' : ` (calls in flight finish on v${r.previous_version})`}`
      : '  stored in the data directory: `aerodb serve` runs it',
  );
  return lines.join('\n');
}

function renderDeployError(name: string, error: AeroErrorJSON): string {
  return `${name}: not deployed${error.code === 'AERO_FUNCTION_NOT_FOUND' ? '' : ' (the deployed version, if any, keeps serving)'}\n${error.code}: ${error.message}\nhint: ${error.hint}`;
}

/** The one-line progress of a step in flight (stderr, terminals only). */
export function renderStepProgress(name: string, step: BuildStep, index: number, total: number): string {
  return `[${index + 1}/${total}] ${name}: ${step} ...`;
}

export function renderFunctionList(functions: readonly FunctionSummary[]): string {
  if (functions.length === 0) return '(no functions: create functions/<name>/index.ts, then `aerodb deploy-function <name>`)';
  const rows = functions.map((f) => [
    f.name,
    f.version === null ? '-' : `v${f.version}`,
    f.status.replace('_', ' '),
    f.sha256 === null ? '-' : f.sha256.slice(0, 12),
    f.deployed_at ?? '-',
    f.triggers.length === 0 ? '-' : f.triggers.map((t) => describeTrigger(t, f.name)).join('; '),
  ]);
  return renderTable(['NAME', 'VERSION', 'STATUS', 'SHA256', 'DEPLOYED', 'TRIGGERS'], rows);
}

export function renderLogEntry(entry: FunctionLogEntry): string {
  const who = entry.source === 'aerodb' ? 'aerodb' : `v${entry.version ?? '?'}`;
  const invocation = entry.invocation_id ? ` ${entry.invocation_id}` : '';
  return `${entry.timestamp} ${entry.level.toUpperCase().padEnd(5)} [${who}${invocation}] ${entry.message}`;
}

export function renderInvocation(result: FunctionInvocation): string {
  return `${JSON.stringify(result.value, null, 2)}\n(${result.function} v${result.version}, ${result.invocation_id}, ${formatMs(result.duration_ms)})`;
}

export function renderReplay(report: ReplayReport): string {
  const lines = [
    `${report.matches ? 'MATCH' : 'DIFFERENT'}: replay of ${report.invocation_id} (${report.function} v${report.version}, started ${report.original.started_at}, seed ${report.original.seed})`,
    `  original output: ${report.original.status}${report.original.error_code ? ` ${report.original.error_code}` : ''}, sha256 ${report.original.output_sha256?.slice(0, 16) ?? '(none)'}`,
    `  replay output:   ${report.replay.status}${report.replay.error_code ? ` ${report.replay.error_code}` : ''}, sha256 ${report.replay.output_sha256?.slice(0, 16) ?? '(none)'} in ${formatMs(report.replay.duration_ms)}`,
    `  host calls: ${report.host_calls.recorded} recorded, ${report.host_calls.replayed} replayed; ${report.writes_not_applied} write(s) answered from the record, not applied`,
  ];
  const diff = report.host_calls.first_difference;
  if (diff) lines.push(`  first difference at host call #${diff.index}: ${diff.reason}`);
  if (report.replay.error) lines.push(`  replay error: ${report.replay.error.code}: ${report.replay.error.message}`);
  return lines.join('\n');
}
