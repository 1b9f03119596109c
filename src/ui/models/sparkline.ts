// A one-line chart of recent rates (the overview's ops/s).
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** The newest `width` values as bars, scaled to their maximum (all-zero: flat bottom bars). */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(Math.max(0, values.length - width));
  const max = shown.reduce((m, v) => Math.max(m, v), 0);
  let out = '';
  for (const v of shown) {
    const level = max <= 0 ? 0 : Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)));
    out += BARS[level];
  }
  return out;
}
