/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// The dashboard's root component: header, tabs, the current view in a frame, and the key footer.
// State lives in the DashboardController; this only draws it and forwards keys.
import { Box, Text, useInput } from 'ink';
import { memo, useSyncExternalStore } from 'react';
import type { DashboardController } from '../dashboard-controller.js';
import type { DashboardState } from '../models/dashboard-state.js';
import { formatCount, formatUptime } from '../models/display-units.js';
import { currentKeys } from '../models/key-map.js';
import { bodyHeight, bodyWidth, MIN_SIZE } from '../models/layout.js';
import { VIEW_IDS, VIEW_TITLES, type ViewId } from '../models/view-ids.js';
import { headerInputs, sameInputs, tabInputs, viewInputs } from '../models/view-inputs.js';
import { CollectionsView } from './collections-view.js';
import { FunctionsView } from './functions-view.js';
import { HelpView } from './help-view.js';
import { MigrationsView } from './migrations-view.js';
import { OplogView } from './oplog-view.js';
import { OverviewView } from './overview-view.js';
import { ProblemsView } from './problems-view.js';
import { RealtimeView } from './realtime-view.js';

const SHORT_TITLES: Record<ViewId, string> = { ...VIEW_TITLES, collections: 'Colls', migrations: 'Migr', functions: 'Funcs' };

export function DashboardApp({ controller }: { controller: DashboardController }) {
  const state = useSyncExternalStore(
    (listener) => controller.subscribe(listener),
    () => controller.state,
  );
  useInput((input, key) => controller.press({ ...key, input }));
  const { columns, rows } = state.size;
  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">{`The dashboard needs at least ${MIN_SIZE.columns}x${MIN_SIZE.rows}; this terminal is ${columns}x${rows}.`}</Text>
        <Text wrap="truncate-end">Enlarge it (q quits).</Text>
      </Box>
    );
  }
  const height = bodyHeight(state.size);
  const width = bodyWidth(state.size);
  const keys = currentKeys(state);
  const footer = ` ${[...keys, ...(state.help ? [] : ([['?', 'keys'], ['q', 'quit']] as const))].map(([k, a]) => `${k} ${a}`).join(' · ')}`;
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header state={state} inputs={headerInputs(state)} />
      <Tabs state={state} inputs={tabInputs(state)} />
      <Box borderStyle="single" flexDirection="column" paddingX={1} height={height + 2}>
        <Body state={state} inputs={viewInputs(state)} width={width} height={height} />
      </Box>
      <Footer text={footer} />
    </Box>
  );
}

interface PartProps {
  state: DashboardState;
  /** what the part is drawn from: it is redrawn only when one of these changed */
  inputs: readonly unknown[];
}

const redrawWhenInputsChange = (a: PartProps, b: PartProps) => sameInputs(a.inputs, b.inputs);

const Body = memo(function Body({ state, width, height }: PartProps & { width: number; height: number }) {
  if (state.help) return <HelpView width={width} height={height} />;
  switch (state.view) {
    case 'overview':
      return <OverviewView state={state} width={width} height={height} />;
    case 'collections':
      return <CollectionsView state={state} width={width} height={height} />;
    case 'migrations':
      return <MigrationsView state={state} width={width} height={height} />;
    case 'oplog':
      return <OplogView state={state} width={width} height={height} />;
    case 'functions':
      return <FunctionsView state={state} width={width} height={height} />;
    case 'realtime':
      return <RealtimeView height={height} />;
    case 'problems':
      return <ProblemsView state={state} width={width} height={height} />;
  }
}, (a, b) => redrawWhenInputsChange(a, b) && a.width === b.width && a.height === b.height);

const Header = memo(function Header({ state }: PartProps) {
  const server = state.server;
  const uptime = server && server.started_at !== '' ? formatUptime(state.clockEpochMs - Date.parse(server.started_at)) : '-';
  return (
    <Text wrap="truncate-end">
      <Text bold color="cyan">
        {' AeroDB '}
      </Text>
      {server ? ` ${server.url} · up ${uptime} · lsn ${formatCount(state.stats?.lsn ?? 0)} · ` : ' connecting… · '}
      {state.connection.connected ? (
        <Text color="green">{server?.mode === 'attached' ? `attached to pid ${server.pid}` : 'serving'}</Text>
      ) : (
        <Text color="red">{`connection lost: ${state.connection.message}`}</Text>
      )}
    </Text>
  );
}, redrawWhenInputsChange);

const Tabs = memo(function Tabs({ state }: PartProps) {
  const titles = state.size.columns >= 92 ? VIEW_TITLES : SHORT_TITLES;
  const problems = state.problems.items.length;
  return (
    <Text wrap="truncate-end">
      {VIEW_IDS.map((id, i) => {
        const label = ` ${i + 1} ${titles[id]}${id === 'problems' && problems > 0 ? ` (${problems})` : ''} `;
        const active = id === state.view && !state.help;
        return (
          <Text key={id} inverse={active} bold={active} color={id === 'problems' && problems > 0 && !active ? 'red' : undefined}>
            {label}
          </Text>
        );
      })}
    </Text>
  );
}, redrawWhenInputsChange);

const Footer = memo(function Footer({ text }: { text: string }) {
  return (
    <Text wrap="truncate-end" dimColor>
      {text}
    </Text>
  );
});
