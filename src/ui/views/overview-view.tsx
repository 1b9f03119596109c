/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 1: who the server is, its keys, storage figures and the ops/s trend.
import { Box, Text } from 'ink';
import { formatBytes, formatCount, formatUptime } from '../models/display-units.js';
import type { DashboardState } from '../models/dashboard-state.js';
import { maskKey } from '../models/overview-model.js';
import { sparkline } from '../models/sparkline.js';
import { Field, Line } from './line.js';

export function OverviewView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const { server, stats, overview } = state;
  const uptime = server && server.started_at !== '' ? formatUptime(state.clockEpochMs - Date.parse(server.started_at)) : '-';
  const rate = overview.rates.at(-1);
  const peak = overview.rates.reduce((m, v) => Math.max(m, v), 0);
  const unit = overview.rateUnit === 'writes' ? 'writes/s' : 'ops/s';
  const own = stats?.collections.filter((c) => !c.name.startsWith('_system.')) ?? [];
  const system = (stats?.collections.length ?? 0) - own.length;
  const documents = own.reduce((n, c) => n + c.documents, 0);
  const problems = state.problems.items.length;
  const lines = [
    <Field key="server" label="Server">
      {server ? `${server.url}   pid ${server.pid} · aerodb ${server.version} · ${server.mode === 'serve' ? 'dashboard inside aerodb serve' : 'attached over the admin API'}` : 'connecting…'}
    </Field>,
    <Field key="uptime" label="Uptime">
      {server ? `${uptime}   (ready since ${server.started_at || '?'})` : '-'}
    </Field>,
    ...keyLines(state),
    <Field key="storage" label="Storage">
      {stats ? `lsn ${formatCount(stats.lsn)} · durable ${formatCount(stats.durable_lsn)} · checkpoint ${formatCount(stats.checkpoint_lsn)} · WAL ${formatBytes(stats.wal_bytes)}` : 'waiting for the first stats…'}
    </Field>,
    <Field key="collections" label="Collections">
      {stats ? `${own.length} · ${formatCount(documents)} document${documents === 1 ? '' : 's'} (plus ${system} _system.*)   (2 Collections)` : '-'}
    </Field>,
    <Field key="rate" label={unit === 'ops/s' ? 'Ops/s' : 'Writes/s'}>
      {rate === undefined ? 'measuring…' : `${formatCount(rate)}/s now · peak ${formatCount(peak)}/s over the last ${overview.rates.length} s`}
    </Field>,
    <Field key="spark" label="">
      <Text color="cyan">{sparkline(overview.rates, Math.max(10, width - 14))}</Text>
    </Field>,
    <Field key="oplog" label="Oplog">
      {state.oplog.unavailable ?? `${formatCount(overview.oplogSeen)} entries seen · ${overview.slowKept} slow among the last ${formatCount(overview.keptRows)}   (4 Oplog)`}
    </Field>,
    <Field key="problems" label="Problems">
      {problems === 0 ? <Text color="green">none</Text> : <Text color="red">{`${problems}: see 7 Problems`}</Text>}
    </Field>,
  ];
  if (!state.connection.connected) {
    lines.push(
      <Field key="conn" label="Connection">
        <Text color="red">{state.connection.message}</Text>
      </Field>,
    );
  }
  const logRoom = height - lines.length - 2;
  if (logRoom > 0) {
    lines.push(<Line key="gap" />, <Line key="logh" bold>Server log</Line>);
    const tail = overview.log.slice(Math.max(0, overview.log.length - logRoom));
    tail.forEach((l, i) => lines.push(<Line key={`log${i}`} dim>{`  ${l}`}</Line>));
    if (tail.length === 0) lines.push(<Line key="log-none" dim>{server?.mode === 'attached' ? "  (attached: the server's log is in its own terminal)" : '  (nothing logged yet)'}</Line>);
  }
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height)}
    </Box>
  );
}

function keyLines(state: DashboardState) {
  const keys = state.server?.keys ?? null;
  if (keys === null) {
    return [<Field key="keys" label="Keys">{state.server ? 'not readable here (attached with --url; see aerodb keys in the project)' : '-'}</Field>];
  }
  const shown = (key: string) => (state.overview.keysRevealed ? key : maskKey(key));
  const hint = state.overview.keysRevealed ? 'k hides' : 'k reveals';
  return [
    <Field key="anon" label="anon key">
      {`${shown(keys.anon)}   (${hint})`}
    </Field>,
    <Field key="service" label="service key">
      {`${shown(keys.service)}   (full access: server-side only)`}
    </Field>,
  ];
}
