/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 5: deployed functions; for the selected one its last invocations and log lines, and `i` to
// invoke it with JSON input — or why there are none.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { DashboardState } from '../models/dashboard-state.js';
import { cell, column, formatMs, wrapText } from '../models/display-units.js';
import { selectedFunction } from '../models/functions-model.js';
import { Line } from './line.js';

export function FunctionsView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const f = state.functions;
  const snapshot = f.snapshot;
  const lines: ReactElement[] = [];
  if (snapshot === null) lines.push(<Line key="wait">reading functions…</Line>);
  else if (!snapshot.available) {
    lines.push(<Line key="na" color="yellow">Functions: not available</Line>);
    wrapText(snapshot.reason, width).forEach((l, i) => lines.push(<Line key={`why${i}`}>{l}</Line>));
  } else if (snapshot.functions.length === 0) {
    lines.push(<Line key="none">no functions deployed: write functions/NAME/index.ts, then aerodb deploy-function NAME (aerodb serve redeploys on save)</Line>);
  } else {
    lines.push(<Line key="head" bold>{`  ${column('NAME', 24)}${column('VERSION', 9)}TRIGGERS`}</Line>);
    snapshot.functions.forEach((fn, i) => {
      const version = fn.version === null ? '-' : `v${fn.version}`;
      const status = fn.status === 'deployed' ? '' : `(${fn.status.replace('_', ' ')}) `;
      const text = `${i === f.selected ? '> ' : '  '}${column(fn.name, 24)}${column(version, 9)}${status}${fn.triggers.join(' · ') || '-'}`;
      lines.push(
        <Line key={`fn-${fn.name}`} inverse={i === f.selected}>
          {cell(text, width)}
        </Line>,
      );
    });
    const fn = selectedFunction(f);
    if (fn) {
      lines.push(<Line key="gap" />);
      lines.push(...invokeLines(state, width));
      lines.push(<Line key="ih" bold>{`${fn.name}: last invocations`}</Line>);
      if (fn.last_invocations.length === 0) lines.push(<Line key="inone" dim>  none yet (the oplog view shows every invocation as operation "function")</Line>);
      for (const call of fn.last_invocations.slice(-5)) {
        lines.push(
          <Line key={`call-${call.id}`} color={call.status === 'ok' ? undefined : 'red'}>
            {`  ${call.at}  ${call.id}  ${formatMs(call.duration_ms)} ms  ${call.status}${call.error_code ? ` ${call.error_code}` : ''}`}
          </Line>,
        );
      }
      lines.push(<Line key="lh" bold>{`${fn.name}: log`}</Line>);
      if (fn.logs.length === 0) lines.push(<Line key="lnone" dim>  (empty)</Line>);
      const room = Math.max(1, height - lines.length);
      fn.logs.slice(-room).forEach((log, i) => (
        lines.push(<Line key={`log${i}`} color={log.startsWith('error') ? 'red' : log.startsWith('warn') ? 'yellow' : undefined}>{`  ${log}`}</Line>)
      ));
    }
  }
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height)}
    </Box>
  );
}

function invokeLines(state: DashboardState, width: number): ReactElement[] {
  const f = state.functions;
  const fn = selectedFunction(f);
  if (fn === null) return [];
  if (f.editing !== null) {
    return [
      <Text key="input" wrap="truncate-start">
        <Text bold color="yellow">{`invoke ${fn.name} with input> `}</Text>
        {f.editing}
        <Text inverse> </Text>
      </Text>,
    ];
  }
  if (f.running) return [<Line key="running" color="yellow">{`invoking ${f.running.name}…`}</Line>];
  const outcome = f.outcome;
  if (outcome === null) return [<Line key="hint" dim>{`i invokes ${fn.name} as the service with JSON input`}</Line>];
  if (outcome.ok) {
    const r = outcome.result;
    return wrapText(`${outcome.name} v${r.version} → ${JSON.stringify(r.value)}  (${formatMs(r.duration_ms)} ms, ${r.invocation_id})`, width).map((l, i) => (
      <Line key={`ok${i}`} color="green">
        {l}
      </Line>
    ));
  }
  const e = outcome.error;
  const lines = wrapText(`${outcome.name}: ${e.code ? `${e.code}: ` : ''}${e.message}`, width).map((l, i) => (
    <Line key={`err${i}`} color="red">
      {l}
    </Line>
  ));
  if (e.hint) wrapText(`fix: ${e.hint}`, width).forEach((l, i) => lines.push(<Line key={`fix${i}`}>{l}</Line>));
  return lines;
}
