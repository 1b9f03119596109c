// The table `aerodb oplog tail` prints: fixed column widths, so rows can be printed as they arrive.
// Slow rows say "slow" in the status column, and are yellow on a terminal (failed rows red).
import type { OplogEntry } from '../../engine/oplog/oplog-entry.js';

const COLUMNS = [
  { title: 'time (UTC)', width: 12, right: false },
  { title: 'op', width: 9, right: false },
  { title: 'collection', width: 20, right: false },
  { title: 'ms', width: 9, right: true },
  { title: 'scanned/returned', width: 16, right: true },
  { title: 'index', width: 16, right: false },
  { title: 'status', width: 0, right: false },
] as const;

const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export function tailTableHeader(): string {
  const titles = COLUMNS.map((c) => c.title);
  const rules = COLUMNS.map((c) => '-'.repeat(c.width === 0 ? 'status'.length : c.width));
  return `${line(titles)}\n${line(rules)}`;
}

export function tailTableRow(entry: OplogEntry, color: boolean): string {
  const status = entry.status === 'ok' ? 'ok' : `error ${entry.error_code ?? ''}`.trimEnd();
  const text = line([
    entry.timestamp.slice(11, 23),
    entry.operation,
    entry.collection ?? '-',
    entry.duration_ms.toFixed(2),
    `${entry.documents_scanned}/${entry.documents_returned}`,
    entry.index_used ?? '-',
    entry.slow ? `${status} (slow)` : status,
  ]);
  if (!color) return text;
  if (entry.status === 'error') return `${RED}${text}${RESET}`;
  return entry.slow ? `${YELLOW}${text}${RESET}` : text;
}

function line(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const { width, right } = COLUMNS[i]!;
      if (width === 0) return cell;
      const fitted = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
      return right ? fitted.padStart(width) : fitted.padEnd(width);
    })
    .join('  ')
    .trimEnd();
}
