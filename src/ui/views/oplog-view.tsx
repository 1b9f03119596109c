/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 4: the operation log, live: newest at the bottom, slow entries highlighted, a filter, pause.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { DashboardState } from '../models/dashboard-state.js';
import { cell, column, fit, formatClock, formatCount, formatMs } from '../models/display-units.js';
import { oplogTableRows } from '../models/layout.js';
import { oplogEntryView, type OplogEntryView } from '../models/oplog-entry-view.js';
import { oplogWindow, selectedOplogRow } from '../models/oplog-model.js';
import { Line } from './line.js';
import { renderExplainTree } from '../../cli/explain-tree.js';
import type { Explain } from '../../engine/query/explain-types.js';

export function OplogView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const oplog = state.oplog;
  const lines: ReactElement[] = [statusLine(state)];
  if (oplog.unavailable !== null && oplog.rows.length === 0) {
    lines.push(<Line key="na" color="yellow">{`no live operation log: ${oplog.unavailable}`}</Line>);
    return <Box flexDirection="column" height={height}>{lines}</Box>;
  }
  const detail = oplog.detail ? selectedOplogRow(state.oplog) : null;
  const detailLines = detail ? entryDetail(oplogEntryView(detail)) : [];
  const detailRoom = detail ? Math.min(detailLines.length + 1, Math.floor(height / 2)) : 0;
  const tableRows = Math.max(1, Math.min(oplogTableRows(state.size), height - 2) - detailRoom);
  const { rows, selectedIndex } = oplogWindow(oplog, tableRows);
  const widths = columnWidths(width);
  lines.push(
    <Line key="head" bold>
      {`${column('TIME', widths.time)}${column('OP', widths.op)}${column('COLLECTION', widths.collection)}${column('MS', widths.ms)}${column('SCAN/RET', widths.scan)}${column('INDEX', widths.index)}STATUS`}
    </Line>,
  );
  if (rows.length === 0) {
    lines.push(<Line key="empty" dim>{oplog.filter.text !== '' ? `  nothing matches "${oplog.filter.text}" among the last ${formatCount(oplog.rows.length)} entries` : '  waiting for operations… (make a request to the REST API)'}</Line>);
  }
  rows.forEach((row, i) => {
    const e = oplogEntryView(row);
    const failed = e.status !== 'ok';
    const color = failed ? 'red' : e.slow ? 'yellow' : undefined;
    // a failure shows its code (the status is implied); slow ones say so
    const status = `${failed ? (e.error_code ?? e.status) : e.status}${e.slow ? ' SLOW' : ''}`;
    const text =
      `${column(formatClock(row.epochMs), widths.time)}${column(e.operation, widths.op)}${column(e.collection ?? (e.function_name !== null ? `ƒ ${e.function_name}` : '-'), widths.collection)}` +
      `${column(e.duration_ms === null ? '-' : formatMs(e.duration_ms), widths.ms)}${column(`${e.documents_scanned ?? '-'}/${e.documents_returned ?? '-'}`, widths.scan)}` +
      `${column(e.index_used ?? '-', widths.index)}${status}`;
    lines.push(
      <Line key={row.seq} color={color} bold={e.slow} inverse={i === selectedIndex}>
        {i === selectedIndex ? cell(text, width) : fit(text, width)}
      </Line>,
    );
  });
  if (detail) {
    while (lines.length < height - detailRoom) lines.push(<Line key={`pad${lines.length}`} />);
    lines.push(<Line key="dh" bold>{`entry ${oplogEntryView(detail).id} (enter or esc closes)`}</Line>);
    detailLines.slice(0, detailRoom - 1).forEach((l, i) => lines.push(<Line key={`d${i}`}>{l}</Line>));
  }
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height)}
    </Box>
  );
}

function statusLine(state: DashboardState): ReactElement {
  const oplog = state.oplog;
  const rate = state.overview.rates.at(-1);
  const filter =
    oplog.editing !== null ? (
      <Text>
        <Text bold>{' · filter> '}</Text>
        {oplog.editing}
        <Text inverse> </Text>
      </Text>
    ) : oplog.filter.text !== '' ? (
      <Text color="cyan">{` · filter: ${oplog.filter.text}`}</Text>
    ) : (
      <Text dimColor>{' · / filters'}</Text>
    );
  const live =
    oplog.frozen !== null ? (
      <Text color="yellow" bold>{`❚❚ paused · ${formatCount(oplog.newWhilePaused)} new since`}</Text>
    ) : (
      <Text color="green" bold>
        ● live
      </Text>
    );
  return (
    <Text key="status" wrap="truncate-end">
      {live}
      {` · ${rate === undefined ? '-' : formatCount(rate)} ${state.overview.rateUnit === 'writes' ? 'writes' : 'ops'}/s · ${formatCount(oplog.rows.length)} kept of ${formatCount(oplog.received)} seen`}
      {filter}
    </Text>
  );
}

function columnWidths(width: number) {
  // fixed columns first; collection and index share what is left
  const time = 13;
  const op = 10;
  const ms = 8;
  const scan = 10;
  // what the status column needs for an error code like AERO_VALIDATION_FAILED
  const status = 24;
  const rest = Math.max(20, width - time - op - ms - scan - status);
  const collection = Math.min(24, Math.ceil(rest / 2));
  // index gets the rest, capped
  const index = Math.min(24, rest - collection);
  return { time, op, collection, ms, scan, index };
}

function entryDetail(e: OplogEntryView): string[] {
  const lines = [
    `${e.timestamp} ${e.operation} ${e.collection ?? '-'} · ${e.duration_ms === null ? '-' : formatMs(e.duration_ms)} ms · ${e.status}${e.error_code ? ` ${e.error_code}` : ''} · user ${e.user_id ?? '-'} via ${e.source ?? '-'}`,
  ];
  if (e.error_message) lines.push(`error: ${e.error_message}`);
  if (e.filter !== null) lines.push(`filter: ${JSON.stringify(e.filter)}`);
  if (e.affected_count !== null) lines.push(`affected: ${e.affected_count}`);
  if (isExplain(e.explain_plan)) lines.push(...renderExplainTree(e.explain_plan).split('\n'));
  else if (e.explain_plan !== null) lines.push(`plan: ${JSON.stringify(e.explain_plan)}`);
  return lines;
}

function isExplain(plan: unknown): plan is Explain {
  return typeof plan === 'object' && plan !== null && typeof (plan as Explain).collection === 'string' && typeof (plan as Explain).accepted === 'boolean';
}
