/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// `?`: every key of every view.
import { Box } from 'ink';
import type { ReactElement } from 'react';
import { ALL_KEYS, GLOBAL_KEYS } from '../models/key-map.js';
import { VIEW_TITLES } from '../models/view-ids.js';
import { wrapText } from '../models/display-units.js';
import { Line } from './line.js';

const TITLE_WIDTH = 23;

export function HelpView({ width, height }: { width: number; height: number }) {
  const lines: ReactElement[] = [<Line key="t" bold>Keys (any key closes this)</Line>];
  const section = (id: string, title: string, keys: ReadonlyArray<readonly [string, string]>) =>
    wrapText(keys.map(([k, a]) => `${k} ${a}`).join(' · '), width - TITLE_WIDTH).forEach((text, i) =>
      lines.push(<Line key={`${id}${i}`}>{`${(i === 0 ? title : '').padEnd(TITLE_WIDTH)}${text}`}</Line>),
    );
  section('global', 'everywhere', GLOBAL_KEYS);
  for (const { view, mode, keys } of ALL_KEYS) {
    if (keys.length > 0) section(`${view}${mode}`, `${VIEW_TITLES[view]}${mode ? ` (${mode})` : ''}`, keys);
  }
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height)}
    </Box>
  );
}
