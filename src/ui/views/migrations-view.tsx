/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 3: migration status, pending and edited files, schema drift; apply the next / roll back the
// newest after typing its version.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { DashboardState } from '../models/dashboard-state.js';
import { cell, column } from '../models/display-units.js';
import { lastApplied, nextPending } from '../models/migrations-model.js';
import { Line } from './line.js';

const STATE_COLORS: Record<string, string | undefined> = { applied: 'green', pending: 'yellow', modified: 'red', missing: 'red' };

export function MigrationsView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const m = state.migrations;
  const report = m.report;
  const lines: ReactElement[] = [];
  if (report === null) {
    lines.push(<Line key="wait">{m.loadError ? `cannot read the migration status: ${m.loadError}` : 'reading the migration status…'}</Line>);
    return <Box flexDirection="column" height={height}>{lines}</Box>;
  }
  const count = (s: string) => report.migrations.filter((e) => e.state === s).length;
  const drift = report.drift.clean ? 'schemas/ in sync' : `schemas/ drift in ${report.drift.entries.length} file${report.drift.entries.length === 1 ? '' : 's'}`;
  lines.push(
    <Line key="summary">
      {`current ${report.current ?? 'none'} · ${report.migrations.length} migrations: ${[
        `${count('applied')} applied`,
        `${count('pending')} pending`,
        ...(count('modified') > 0 ? [`${count('modified')} modified`] : []),
        ...(count('missing') > 0 ? [`${count('missing')} missing`] : []),
      ].join(', ')} · ${drift}`}
    </Line>,
  );
  if (m.loadError) lines.push(<Line key="lerr" color="red">{`refresh failed: ${m.loadError}`}</Line>);

  // the bottom part: actions, confirmation or outcome, problems, drift
  const bottom: ReactElement[] = [];
  const next = nextPending(report);
  const last = lastApplied(report);
  bottom.push(
    <Line key="actions" dim>
      {`u: apply ${next ? `${next.version} ${next.name}` : '(nothing pending)'} · d: roll back ${last ? `${last.entry.version} ${last.entry.name} (keeps ${last.keep})` : '(nothing applied)'} · r: refresh`}
    </Line>,
  );
  if (m.confirm) {
    const { plan, typed, mismatch } = m.confirm;
    const verb = plan.direction === 'up' ? 'apply' : 'roll back';
    bottom.push(
      <Text key="confirm" wrap="truncate-end">
        <Text color="yellow" bold>{`Type ${plan.entry.version} and press enter to ${verb} ${plan.entry.version} ${plan.entry.name} (esc cancels): `}</Text>
        {typed}
        <Text inverse> </Text>
      </Text>,
    );
    if (mismatch) bottom.push(<Line key="mismatch" color="red">{mismatch}</Line>);
  } else if (m.running) {
    bottom.push(<Line key="running" color="yellow">{`${m.running.plan.direction === 'up' ? 'applying' : 'rolling back'} ${m.running.plan.entry.version} ${m.running.plan.entry.name}…`}</Line>);
  } else if (m.outcome) {
    if (m.outcome.ok) m.outcome.lines.forEach((l, i) => bottom.push(<Line key={`ok${i}`} color="green">{l}</Line>));
    else {
      const e = m.outcome.error;
      bottom.push(<Line key="fail" color="red">{`${e.code ? `${e.code}: ` : ''}${e.message}`}</Line>);
      if (e.hint) e.hint.split('\n').forEach((h, i) => bottom.push(<Line key={`hint${i}`}>{`fix: ${h}`}</Line>));
    }
  }
  for (const p of report.problems) {
    bottom.push(<Line key={`p${p.kind}${p.version}`} color="red">{`${p.kind.toUpperCase().replace('_', ' ')}: ${p.message}`}</Line>);
    p.fix.forEach((f, i) => bottom.push(<Line key={`p${p.kind}${p.version}f${i}`}>{`  ${f}`}</Line>));
  }
  for (const d of report.drift.entries) {
    bottom.push(<Line key={`d${d.file}`} color="yellow">{`schemas/${d.file} (${d.kind}): ${d.changes.join('; ')}`}</Line>);
  }
  if (!report.drift.clean && report.drift.fix) bottom.push(<Line key="dfix">{`  ${report.drift.fix}`}</Line>);

  const nameW = Math.min(32, Math.max(8, ...report.migrations.map((e) => e.name.length + 2)));
  const tableRoom = Math.max(2, height - lines.length - 1 - Math.min(bottom.length, height - lines.length - 3));
  lines.push(<Line key="head" bold>{`  ${column('VERSION', 9)}${column('NAME', nameW)}${column('STATE', 10)}APPLIED AT`}</Line>);
  const rows = report.migrations;
  if (rows.length === 0) lines.push(<Line key="empty" dim>  no migration files yet: aerodb migrate new NAME</Line>);
  const start = Math.max(0, Math.min(m.selected - tableRoom + 1, rows.length - tableRoom));
  rows.slice(start, start + tableRoom).forEach((e, i) => {
    const at = start + i;
    const flag = e.out_of_order ? ' (out of order)' : e.resolutions.length > 0 ? ` (resolved ${e.resolutions.length}x)` : '';
    lines.push(
      <Text key={e.version} wrap="truncate-end" inverse={at === m.selected}>
        {`${at === m.selected ? '> ' : '  '}${column(e.version, 9)}${column(e.name, nameW)}`}
        <Text color={STATE_COLORS[e.state]}>{column(e.state, 10)}</Text>
        {cell(`${e.applied_at ?? '-'}${flag}`, Math.max(0, width - 21 - nameW))}
      </Text>,
    );
  });
  while (lines.length < height - bottom.length) lines.push(<Line key={`pad${lines.length}`} />);
  return (
    <Box flexDirection="column" height={height}>
      {lines.concat(bottom).slice(0, height)}
    </Box>
  );
}
