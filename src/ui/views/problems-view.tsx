/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 7: what the watchers found wrong, each with its file and the fix; empty when all is well.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { DashboardState } from '../models/dashboard-state.js';
import { wrapText } from '../models/display-units.js';
import { Line } from './line.js';

export function ProblemsView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const { items, selected } = state.problems;
  const lines: ReactElement[] = [];
  if (items.length === 0) {
    lines.push(<Line key="ok" color="green">No problems: migrations/ and schemas/ match the database.</Line>);
    lines.push(<Line key="how" dim>An edited applied migration, an unreadable migrations/ or a hand-edited schema file shows here as soon as it is saved.</Line>);
  } else {
    lines.push(<Line key="count">{`${items.length} problem${items.length === 1 ? '' : 's'} (each leaves this list once fixed)`}</Line>);
    items.forEach((p, i) => {
      const mark = i === selected ? '>' : ' ';
      lines.push(
        <Text key={p.key} wrap="truncate-end" bold={i === selected}>
          <Text color="red">{`${mark} ✗ `}</Text>
          {p.title}
        </Text>,
      );
      if (p.file) lines.push(<Line key={`${p.key}file`}>{`    file: ${p.file}`}</Line>);
      p.details.flatMap((d) => wrapText(d, width - 4)).forEach((d, j) => lines.push(<Line key={`${p.key}d${j}`} dim>{`    ${d}`}</Line>));
      p.fix.flatMap((f) => wrapText(f, width - 9)).forEach((f, j) => lines.push(<Line key={`${p.key}f${j}`} color="cyan">{`    ${j === 0 ? 'fix: ' : '     '}${f}`}</Line>));
    });
  }
  // keep the selected problem on screen
  const first = items.length === 0 ? 0 : lines.findIndex((l) => l.key === items[selected]?.key);
  const start = first > height - 4 ? first - 1 : 0;
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(start, start + height)}
    </Box>
  );
}
