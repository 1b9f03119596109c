// How the dashboard writes sizes, durations and rates (short, fixed formats for narrow columns).

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 3d 04h, 1h 02m 13s, 5m 07s, 42s */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${two(h)}h`;
  if (h > 0) return `${h}h ${two(m)}m ${two(s)}s`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
}

/** 4,981 (grouped thousands, no decimals) */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with 2 significant decimals below 10 ms: 0.12, 3.40, 27, 1204 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms < 10 ? ms.toFixed(2) : String(Math.round(ms));
}

/** HH:MM:SS.mmm of an epoch time in UTC (the oplog's clock; no local-time ambiguity) */
export function formatClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 23);
}

/** Cuts `text` to `width` columns, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** `text` cut or padded with spaces to exactly `width` columns. */
export function cell(text: string, width: number): string {
  return fit(text, width).padEnd(width);
}

/** A table column of `width`: the text cut to leave at least one space before the next column. */
export function column(text: string, width: number): string {
  return fit(text, width - 1).padEnd(width);
}

/** Splits `text` into lines of at most `width` columns, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 3 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}
