/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 5: deployed functions, their last invocations and logs — or why there are none.
import { Box } from 'ink';
import type { ReactElement } from 'react';
import type { DashboardState } from '../models/dashboard-state.js';
import { cell, column, formatMs, wrapText } from '../models/display-units.js';
import { Line } from './line.js';

export function FunctionsView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const snapshot = state.functions;
  const lines: ReactElement[] = [];
  if (snapshot === null) lines.push(<Line key="wait">reading functions…</Line>);
  else if (!snapshot.available) {
    lines.push(<Line key="na" color="yellow">Functions: not available</Line>);
    wrapText(snapshot.reason, width).forEach((l, i) => lines.push(<Line key={`why${i}`}>{l}</Line>));
  } else if (snapshot.functions.length === 0) {
    lines.push(<Line key="none">no functions deployed (aerodb deploy-function NAME deploys functions/NAME)</Line>);
  } else {
    lines.push(<Line key="head" bold>{`${column('NAME', 24)}${column('VERSION', 9)}TRIGGERS`}</Line>);
    for (const f of snapshot.functions) {
      lines.push(<Line key={f.name}>{`${column(f.name, 24)}${column(`v${f.version}`, 9)}${f.triggers.join(', ') || '-'}`}</Line>);
      for (const call of f.last_invocations.slice(-3)) {
        lines.push(<Line key={call.id} color={call.status === 'ok' ? undefined : 'red'}>{`    ${call.at}  ${call.id}  ${formatMs(call.duration_ms)} ms  ${call.status}${call.error_code ? ` ${call.error_code}` : ''}`}</Line>);
      }
      for (const [i, log] of f.logs.slice(-3).entries()) lines.push(<Line key={`${f.name}log${i}`} dim>{`    ${cell(log, width - 4)}`}</Line>);
    }
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(0, height)}
    </Box>
  );
}
