// `aerodb doctor`'s text report: one line per file group, every problem with its fix.
import type { StorageReport } from '../../engine/doctor/inspect-storage.js';
import type { DoctorResult } from './run-doctor.js';

export function renderDoctor(result: DoctorResult): string[] {
  const lines: string[] = [];
  if (result.repair) {
    const r = result.repair;
    lines.push(`Repaired: kept WAL LSNs up to ${r.kept_through_lsn}; moved aside into ${r.moved_to}/ (see repair.json there)`);
    if (r.cut) lines.push(`  cut ${r.cut.segment} at byte offset ${r.cut.offset} (${r.cut.bytes} bytes; the whole segment was copied to ${r.cut.saved_as})`);
    for (const segment of r.moved_segments) lines.push(`  moved ${segment}`);
    lines.push(r.dropped_lsns ? `  dropped LSNs ${r.dropped_lsns.first}..${r.dropped_lsns.last} (as far as they were readable)` : '  no readable record was dropped');
    lines.push('');
  }
  lines.push(...renderReport(result.report));
  return lines;
}

function renderReport(report: StorageReport): string[] {
  const lines = [`AeroDB doctor: ${report.dir}`];
  lines.push(`  FORMAT       ${report.format.status}`);
  lines.push(`  LOCK         ${report.lock.pid === null ? 'free' : `pid ${report.lock.pid} (${report.lock.alive ? 'running' : 'not running: stale'})`}`);
  if (report.checkpoints.length === 0) lines.push('  checkpoints  none');
  for (const c of report.checkpoints) {
    lines.push(`  checkpoint   ${c.file}  LSN ${c.lsn}  ${c.status}${c.documents === null ? '' : `  ${c.documents} documents`}${c.newest ? '' : '  (superseded)'}`);
  }
  const live = report.wal.segments.filter((s) => s.status !== 'covered');
  lines.push(`  WAL          ${live.length} segment${live.length === 1 ? '' : 's'}, last valid LSN ${report.wal.last_valid_lsn}`);
  for (const s of report.wal.segments) {
    const range = s.last_lsn === null ? '' : `  LSN ${s.first_lsn}..${s.last_lsn}`;
    lines.push(`               ${s.file}  ${s.status}${range}  ${s.records} records`);
  }
  lines.push(`  oplog        ${report.oplog.segments} segment${report.oplog.segments === 1 ? '' : 's'}, ${report.oplog.entries} entries, ${report.oplog.skipped} skipped`);
  if (report.problems.length === 0) {
    lines.push('', 'No problems: every checksum verified.');
    return lines;
  }
  lines.push('', `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
  for (const p of report.problems) {
    lines.push(`  ${p.severity.padEnd(7)} ${p.message}`);
    lines.push(`          fix: ${p.fix}`);
  }
  lines.push('', report.ok ? 'The database opens (warnings only).' : 'The database will not open as it is (or has lost data): see the fixes above.');
  return lines;
}
