// `?`: every key of every view.
import { Box } from 'ink';
import type { ReactElement } from 'react';
import { ALL_KEYS, GLOBAL_KEYS } from '../models/key-map.js';
import { VIEW_TITLES } from '../models/view-ids.js';
import { Line } from './line.js';

export function HelpView({ height }: { height: number }) {
  const lines: ReactElement[] = [<Line key="t" bold>Keys (any key closes this)</Line>];
  lines.push(<Line key="g">{`everywhere   ${GLOBAL_KEYS.map(([k, a]) => `${k} ${a}`).join(' · ')}`}</Line>);
  for (const { view, mode, keys } of ALL_KEYS) {
    if (keys.length === 0) continue;
    const title = `${VIEW_TITLES[view]}${mode ? ` (${mode})` : ''}`;
    lines.push(<Line key={`${view}${mode}`}>{`${title.padEnd(23)}${keys.map(([k, a]) => `${k} ${a}`).join(' · ')}`}</Line>);
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(0, height)}
    </Box>
  );
}
