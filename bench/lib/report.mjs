// Turns measured rows into the printed table and bench/results/*.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';

/** ratio = AeroDB / SQLite; with `better` saying which direction wins. */
export function finishRow(row) {
  const a = row.aerodb?.value ?? null;
  const s = row.sqlite?.value ?? null;
  const ratio = a !== null && s !== null && s !== 0 ? a / s : null;
  return { ...row, ratio, target_met: targetMet(row, a, ratio) };
}

function targetMet(row, value, ratio) {
  const target = row.target;
  if (!target || value === null) return null;
  if (target.minRatio !== undefined) return ratio === null ? null : ratio >= target.minRatio;
  if (target.maxValue !== undefined) return value <= target.maxValue;
  if (target.maxExtra !== undefined) return target.extra === null ? null : target.extra <= target.maxExtra;
  return null;
}

const grouped = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatValue(value, unit) {
  if (value === null || value === undefined) return 'n/a';
  if (unit === 's') return value < 0.1 ? `${grouped(value * 1000, 1)} ms` : `${grouped(value, 2)} s`;
  if (unit === 'bytes') return `${grouped(value / 1e6)} MB`;
  return `${grouped(value)} ${unit}`;
}

function formatRatio(row) {
  if (row.ratio === null) return 'n/a';
  const digits = row.ratio >= 10 ? 1 : 2;
  return `${grouped(row.ratio, digits)}x (${row.better} is better)`;
}

function formatTarget(row) {
  if (!row.target) return '-';
  const met = row.target_met === null ? '' : row.target_met ? '  MET' : '  MISSED';
  const extra = row.target.extra !== undefined && row.target.extra !== null ? ` (extra ${formatValue(row.target.extra, 's')})` : '';
  return `${row.target.text}${extra}${met}`;
}

export function renderTable(rows) {
  const header = ['#', 'measure', 'AeroDB', 'SQLite', 'ratio AeroDB/SQLite', 'target', 'runs'];
  const lines = rows.map((row) => [
    row.id,
    row.name,
    formatValue(row.aerodb?.value, row.unit),
    formatValue(row.sqlite?.value, row.unit),
    formatRatio(row),
    formatTarget(row),
    row.aerodb?.method ?? row.sqlite?.method ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const render = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

function gitCommit(cwd) {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(repoDir) {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpu_count: cpus.length,
    total_memory_bytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    load_average_at_start: os.loadavg(),
    node: process.version,
    commit: gitCommit(repoDir),
  };
}

export function writeResults(path, report) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
