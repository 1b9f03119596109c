/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 2: collections (documents, schema version, indexes); a page-by-page document browser; a
// JSON query with its result beside the plan it ran with.
import { Box, Text } from 'ink';
import { renderExplainTree } from '../../cli/explain-tree.js';
import type { Doc } from '../../engine/types.js';
import { orderedCollections, type BrowseState, type Fetch, type QueryState } from '../models/collections-model.js';
import type { DashboardState } from '../models/dashboard-state.js';
import { cell, column, formatCount, wrapText } from '../models/display-units.js';
import { Line } from './line.js';

interface ViewProps {
  state: DashboardState;
  width: number;
  height: number;
}

export function CollectionsView({ state, width, height }: ViewProps) {
  const mode = state.collections.mode;
  let body;
  if (mode.kind === 'browse') body = browseLines(mode, width, height);
  else if (mode.kind === 'query') return <QueryPane mode={mode} width={width} height={height} />;
  else body = listLines(state, width, height);
  return (
    <Box flexDirection="column" height={height}>
      {body.slice(0, height)}
    </Box>
  );
}

function listLines(state: DashboardState, width: number, height: number) {
  const collections = state.stats === null ? null : orderedCollections(state.stats);
  if (collections === null) return [<Line key="wait">waiting for the first stats…</Line>];
  if (collections.length === 0) return [<Line key="none">no collections yet: add one with a migration (aerodb migrate new NAME, then aerodb migrate up)</Line>];
  const nameW = Math.min(24, Math.max(10, ...collections.map((c) => c.name.length + 2)));
  const lines = [
    <Line key="title">{`${collections.length} collection${collections.length === 1 ? '' : 's'} · enter browses documents · f runs a query`}</Line>,
    <Line key="head" bold>{`  ${column('NAME', nameW)}${column('DOCUMENTS', 12)}${column('SCHEMA', 8)}INDEXES`}</Line>,
  ];
  const room = height - lines.length;
  const selected = state.collections.selected;
  const start = Math.max(0, Math.min(selected - room + 1, collections.length - room));
  collections.slice(start, start + room).forEach((c, i) => {
    const at = start + i;
    const indexes = c.indexes.length === 0 ? '-' : c.indexes.join(', ');
    const text = `${at === selected ? '> ' : '  '}${column(c.name, nameW)}${column(formatCount(c.documents), 12)}${column(`v${c.schema_version}`, 8)}${indexes}`;
    lines.push(
      <Line key={c.name} inverse={at === selected}>
        {cell(text, width)}
      </Line>,
    );
  });
  return lines;
}

function browseLines(mode: BrowseState, width: number, height: number) {
  const page = mode.cursors.length;
  const lines = [];
  const fetch = mode.fetch;
  if (fetch.status === 'loading') {
    lines.push(<Line key="title">{`${mode.collection} · page ${page} · loading…`}</Line>);
    return lines;
  }
  if (fetch.status === 'failed') {
    lines.push(<Line key="title">{`${mode.collection} · page ${page}`}</Line>, ...errorLines(fetch, width));
    return lines;
  }
  const docs = fetch.page.data;
  const more = fetch.page.next_cursor !== null ? 'n: next page' : 'last page';
  lines.push(<Line key="title">{`${mode.collection} · page ${page} · ${docs.length} document${docs.length === 1 ? '' : 's'} · ${more}${page > 1 ? ' · p: previous' : ''}`}</Line>);
  lines.push(<Line key="head" bold>{`  ${column('_id', 24)}DOCUMENT`}</Line>);
  if (docs.length === 0) lines.push(<Line key="empty" dim>  (no documents)</Line>);
  const selectedDoc = docs[mode.selected];
  if (mode.detail && selectedDoc !== undefined) {
    lines.push(<Line key="dh" bold>{`document ${String(selectedDoc._id)} (enter or esc closes)`}</Line>);
    JSON.stringify(selectedDoc, null, 2)
      .split('\n')
      .slice(0, height - 2)
      .forEach((l, i) => lines.push(<Line key={`d${i}`}>{l}</Line>));
    return lines.slice(0, 1).concat(lines.slice(2));
  }
  docs.slice(0, height - 3).forEach((doc, i) => {
    const text = `${i === mode.selected ? '> ' : '  '}${column(String(doc._id), 24)}${compactWithoutId(doc)}`;
    lines.push(
      <Line key={String(doc._id)} inverse={i === mode.selected}>
        {cell(text, width)}
      </Line>,
    );
  });
  return lines;
}

function QueryPane({ mode, width, height }: { mode: QueryState; width: number; height: number }) {
  const head =
    mode.editing !== null ? (
      <Text wrap="truncate-start">
        <Text bold>{`${mode.collection} query> `}</Text>
        {mode.editing}
        <Text inverse> </Text>
      </Text>
    ) : (
      <Line>{`${mode.collection} · query ${mode.text}`}</Line>
    );
  const status = mode.parseError !== null ? <Line color="red">{mode.parseError}</Line> : <Line dim>{mode.editing !== null ? 'JSON query body (filter, sort, limit, cursor, fields, count, expand): enter runs it' : 'f edits the query · esc back to the list'}</Line>;
  const room = height - 2;
  const leftW = Math.floor((width - 3) / 2);
  const rightW = width - 3 - leftW;
  return (
    <Box flexDirection="column" height={height}>
      {head}
      {status}
      <Box flexDirection="row" height={room}>
        <Box flexDirection="column" width={leftW}>
          {resultLines(mode.fetch, leftW, room)}
        </Box>
        <Box flexDirection="column" width={3}>
          {Array.from({ length: room }, (_, i) => (
            <Text key={i} dimColor>
              {' │ '}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={rightW}>
          {explainLines(mode.fetch, rightW, room)}
        </Box>
      </Box>
    </Box>
  );
}

function resultLines(fetch: Fetch | null, width: number, room: number) {
  if (fetch === null) return [<Line key="none" dim>(not run yet)</Line>];
  if (fetch.status === 'loading') return [<Line key="loading">running…</Line>];
  if (fetch.status === 'failed') return errorLines(fetch, width);
  const { data, next_cursor, documents_scanned } = fetch.page;
  const lines = [
    <Line key="head" bold>
      {`RESULT ${data.length} document${data.length === 1 ? '' : 's'}${documents_scanned !== null ? `, scanned ${documents_scanned}` : ''}${next_cursor !== null ? ', more' : ''}`}
    </Line>,
  ];
  if (data.length === 0) lines.push(<Line key="empty" dim>(no documents match)</Line>);
  // each document wrapped over as many lines as it needs, while there is room
  const docLines = data.flatMap((doc, i) => wrapText(JSON.stringify(doc), width).map((l, j) => ({ key: `${i}.${j}`, text: l, first: j === 0 })));
  docLines.slice(0, room - 1).forEach((l) => lines.push(<Line key={l.key} dim={!l.first}>{l.text}</Line>));
  return lines;
}

function explainLines(fetch: Fetch | null, width: number, room: number) {
  const lines = [<Line key="head" bold>EXPLAIN</Line>];
  if (fetch?.status !== 'ready' || fetch.page.explain === null) {
    lines.push(<Line key="none" dim>{fetch?.status === 'loading' ? 'running…' : '(the plan shows once the query ran)'}</Line>);
    return lines;
  }
  renderExplainTree(fetch.page.explain)
    .split('\n')
    .flatMap((line) => wrapTreeLine(line, width))
    .slice(0, room - 1)
    .forEach((l, i) => lines.push(<Line key={`${i}`}>{l}</Line>));
  return lines;
}

function errorLines(fetch: { error: { code: string | null; message: string; hint: string | null } }, width: number) {
  const { code, message, hint } = fetch.error;
  const lines = wrapText(`${code ? `${code}: ` : ''}${message}`, width).map((l, i) => <Line key={`err${i}`} color="red">{l}</Line>);
  if (hint) wrapText(`fix: ${hint}`, width).forEach((l, i) => lines.push(<Line key={`hint${i}`}>{l}</Line>));
  return lines;
}

function compactWithoutId(doc: Doc): string {
  const { _id: _ignored, ...rest } = doc;
  return JSON.stringify(rest);
}

/** A plan tree line longer than the pane continues under itself, after the tree's drawing characters. */
function wrapTreeLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = /^[│├└─\s]*/.exec(line)?.[0].length ?? 0;
  const pad = ' '.repeat(Math.min(indent + 2, Math.floor(width / 2)));
  const [first, ...rest] = wrapText(line, width);
  return [first!, ...rest.flatMap((l) => wrapText(l, width - pad.length)).map((l) => pad + l)];
}
