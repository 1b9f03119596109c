import { describe, expect, it } from 'vitest';
import { browseQuery, orderedCollections, parseQueryText } from '../../src/ui/models/collections-model.js';
import { initialDashboardState, reduceAll, reduceDashboard, type DashboardState } from '../../src/ui/models/dashboard-state.js';
import { formatBytes, formatUptime, wrapText } from '../../src/ui/models/display-units.js';
import { pressKey } from '../../src/ui/models/key-press.js';
import { currentKeys, isTyping } from '../../src/ui/models/key-map.js';
import { lastApplied, nextPending } from '../../src/ui/models/migrations-model.js';
import { oplogEntryView } from '../../src/ui/models/oplog-entry-view.js';
import { matchesOplogFilter, parseOplogFilter } from '../../src/ui/models/oplog-filter.js';
import { appendOplogRows, INITIAL_OPLOG, OPLOG_KEEP, oplogWindow, selectedOplogRow, togglePause } from '../../src/ui/models/oplog-model.js';
import { maskKey, recordStatsSample, INITIAL_OVERVIEW } from '../../src/ui/models/overview-model.js';
import { applyWatchEvent, INITIAL_PROBLEMS } from '../../src/ui/models/problems-model.js';
import { sparkline } from '../../src/ui/models/sparkline.js';
import type { KeyPress } from '../../src/ui/models/text-input.js';
import { EPOCH, functionsSnapshot, row, SERVER, SIZE, stats, statusReport } from './ui-fixture.js';

const key = (input: string, extra: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...extra });

function base(): DashboardState {
  return reduceAll(initialDashboardState(SIZE, EPOCH), [
    { type: 'server', info: SERVER },
    { type: 'stats', sample: { atMs: 0, stats: stats(), opsTotal: 0 } },
    { type: 'migrations', report: statusReport() },
  ]);
}

/** Presses keys in order, collecting every effect. */
function press(state: DashboardState, ...keys: KeyPress[]) {
  const effects = [];
  for (const k of keys) {
    const out = pressKey(state, k);
    state = out.state;
    effects.push(...out.effects);
  }
  return { state, effects };
}

describe('oplog model', () => {
  it('keeps the newest OPLOG_KEEP rows and counts everything reported', () => {
    let s = appendOplogRows(INITIAL_OPLOG, Array.from({ length: 600 }, (_, i) => row(i + 1)), 0);
    s = appendOplogRows(s, Array.from({ length: 600 }, (_, i) => row(601 + i)), 250);
    expect(s.rows).toHaveLength(OPLOG_KEEP);
    expect(s.rows[0]!.seq).toBe(201);
    expect(s.rows.at(-1)!.seq).toBe(1200);
    expect(s.received).toBe(1450);
  });

  it('pause freezes the rows shown and counts what arrives meanwhile; resume shows the newest', () => {
    let s = appendOplogRows(INITIAL_OPLOG, [row(1), row(2), row(3)], 0);
    s = togglePause(s);
    s = appendOplogRows(s, [row(4), row(5)], 3);
    expect(oplogWindow(s, 10).rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(s.newWhilePaused).toBe(5);
    s = togglePause(s);
    expect(oplogWindow(s, 10).rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(s.newWhilePaused).toBe(0);
  });

  it('filters by collection or operation, by field, and slow only', () => {
    const rows = [row(1, { collection: 'posts', operation: 'find' }), row(2, { collection: 'users', operation: 'insert', slow: true }), row(3, { collection: 'posts', operation: 'insert' })];
    const pick = (text: string) => rows.filter((r) => matchesOplogFilter(r, parseOplogFilter(text))).map((r) => r.seq);
    expect(pick('posts')).toEqual([1, 3]);
    expect(pick('insert')).toEqual([2, 3]);
    expect(pick('c:posts op:insert')).toEqual([3]);
    expect(pick('collection:users')).toEqual([2]);
    expect(pick('slow')).toEqual([2]);
    expect(pick('')).toEqual([1, 2, 3]);
    expect(pick('nothing')).toEqual([]);
  });

  it('the window scrolls back to keep the selection on screen while paused', () => {
    let s = appendOplogRows(INITIAL_OPLOG, Array.from({ length: 20 }, (_, i) => row(i + 1)), 0);
    s = togglePause(s);
    s = { ...s, selected: 7 };
    const { rows, selectedIndex } = oplogWindow(s, 5);
    expect(rows.map((r) => r.seq)).toEqual([13, 14, 15, 16, 17]);
    expect(rows[selectedIndex!]!.seq).toBe(13);
    expect(selectedOplogRow(s)!.seq).toBe(13);
  });
});

describe('oplog entry view', () => {
  it('reads the shown fields from the line; a function entry names its function', () => {
    expect(oplogEntryView(row(7, { operation: 'find' }))).toMatchObject({ id: 'op_0000000000000007', operation: 'find', collection: 'posts', duration_ms: 0.42, documents_scanned: 40, index_used: 'status_created', status: 'ok', function_name: null });
    const line = JSON.stringify({ _id: 'op_0000000000000008', operation: 'function', collection: null, duration_ms: 10, status: 'ok', detail: JSON.stringify({ function: 'hello', version: 1, trigger: 'http' }) });
    expect(oplogEntryView({ seq: 8, epochMs: EPOCH, collection: null, operation: 'function', slow: false, line })).toMatchObject({ collection: null, function_name: 'hello' });
    expect(oplogEntryView({ seq: 9, epochMs: EPOCH, collection: 'posts', operation: 'insert', slow: false, line: '{"torn' })).toMatchObject({ id: '#9', status: '?', collection: 'posts' });
  });
});

describe('overview model', () => {
  it('turns the operation counter into a rate per second, LSN steps without an oplog', () => {
    let o = recordStatsSample(INITIAL_OVERVIEW, { atMs: 1000, stats: stats(), opsTotal: 100 });
    o = recordStatsSample(o, { atMs: 2000, stats: stats(), opsTotal: 5100 });
    o = recordStatsSample(o, { atMs: 2500, stats: stats(), opsTotal: 6100 });
    expect(o.rates).toEqual([5000, 2000]);
    expect(o.rateUnit).toBe('ops');
    let w = recordStatsSample(INITIAL_OVERVIEW, { atMs: 0, stats: stats({ lsn: 10 }), opsTotal: null });
    w = recordStatsSample(w, { atMs: 1000, stats: stats({ lsn: 30 }), opsTotal: null });
    expect(w.rates).toEqual([20]);
    expect(w.rateUnit).toBe('writes');
  });

  it('masks keys to their kind and four characters', () => {
    expect(maskKey('aero_anon_0123456789abcdef')).toBe('aero_anon_0123••••••••••••');
    expect(maskKey('aero_service_fedcba98')).toBe('aero_service_fedc••••');
  });

  it('draws a sparkline scaled to the maximum', () => {
    expect(sparkline([0, 5, 10], 10)).toBe('▁▅█');
    expect(sparkline([0, 0], 10)).toBe('▁▁');
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▆█');
  });

  it('formats sizes, uptimes and wraps text at spaces', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatUptime(3_733_000)).toBe('1h 02m 13s');
    expect(formatUptime(42_000)).toBe('42s');
    expect(wrapText('keep the edit: aerodb migrate new NAME', 16)).toEqual(['keep the edit:', 'aerodb migrate', 'new NAME']);
  });
});

describe('problems model', () => {
  const modified = { kind: 'modified' as const, version: '002', name: 'add_email', file: '002_add_email.aeromigration.json', expected_checksum: 'a', actual_checksum: 'b', message: '002 add_email: modified after it was applied', fix: ['restore the file: git checkout -- migrations/002_add_email.aeromigration.json'] };

  it('adds watcher problems with file and fix, replaces them on a new report, removes them when cleared', () => {
    let p = applyWatchEvent(INITIAL_PROBLEMS, { kind: 'migration_problem', problem: modified });
    p = applyWatchEvent(p, { kind: 'schema_drift', entry: { file: 'users.json', collection: 'users', kind: 'changed', changes: ['field "nick" added (string)'] }, fix: 'keep the edit: aerodb migrate new NAME --from-schemas' });
    expect(p.items.map((i) => [i.file, i.title])).toEqual([
      ['migrations/002_add_email.aeromigration.json', 'MODIFIED: 002 add_email was edited after it was applied'],
      ['schemas/users.json', 'schemas/users.json differs from the applied schema (changed); nothing is applied'],
    ]);
    expect(p.items[0]!.fix).toEqual(modified.fix);
    p = applyWatchEvent(p, { kind: 'migration_problem', problem: { ...modified, actual_checksum: 'c' } });
    expect(p.items).toHaveLength(2);
    p = applyWatchEvent(p, { kind: 'migration_problem_cleared', problem: modified });
    p = applyWatchEvent(p, { kind: 'schema_drift_cleared', file: 'users.json' });
    expect(p.items).toEqual([]);
  });

  it('reports an unreadable migrations/ with the file named in the error and its hint', () => {
    const p = applyWatchEvent(INITIAL_PROBLEMS, {
      kind: 'migrations_unreadable',
      error: { code: 'AERO_MIGRATION_INVALID', message: 'migrations/004_x.aeromigration.json: not JSON', status: 400, details: { file: 'migrations/004_x.aeromigration.json' }, hint: 'Fix the JSON syntax.' },
    });
    expect(p.items[0]).toMatchObject({ file: 'migrations/004_x.aeromigration.json', fix: ['Fix the JSON syntax.'] });
    expect(applyWatchEvent(p, { kind: 'migrations_readable' }).items).toEqual([]);
  });
});

describe('migrations model', () => {
  it('finds the next pending and the newest applied with the version that stays', () => {
    const report = statusReport();
    expect(nextPending(report)!.version).toBe('003');
    expect(lastApplied(report)).toMatchObject({ entry: { version: '002' }, keep: '001' });
    const one = statusReport({ migrations: statusReport().migrations.slice(0, 1) });
    expect(lastApplied(one)).toMatchObject({ entry: { version: '001' }, keep: '000' });
  });

  it('u asks for the version; a wrong one is refused, the right one runs up through it', () => {
    let { state, effects } = press({ ...base(), view: 'migrations' }, key('u'), key('0'), key('0'), key('', { return: true }));
    expect(effects).toEqual([]);
    expect(state.migrations.confirm?.mismatch).toBe('typed "00", expected 003');
    ({ state, effects } = press(state, key('3'), key('', { return: true })));
    expect(effects).toEqual([{ kind: 'migrate', requestId: 1, direction: 'up', version: '003' }]);
    expect(state.migrations.running?.plan.entry.version).toBe('003');
    state = reduceDashboard(state, { type: 'migrate_result', requestId: 1, report: { direction: 'up', steps: [{ version: '003', name: 'add_tags', direction: 'up', lsn: 130, collections: ['tags'] }], current: '003', schema_files: { written: ['tags.json'], deleted: [], overwritten_edits: [] } } });
    expect(state.migrations.outcome).toEqual({ ok: true, lines: ['applied 003 add_tags (lsn 130; tags)', 'current version 003; wrote schemas/tags.json'] });
  });

  it('d rolls back the newest applied down to the one below; esc cancels', () => {
    const cancelled = press({ ...base(), view: 'migrations' }, key('d'), key('0'), key('', { escape: true }));
    expect(cancelled.state.migrations.confirm).toBeNull();
    const { effects } = press({ ...base(), view: 'migrations' }, key('d'), key('002'), key('', { return: true }));
    expect(effects).toEqual([{ kind: 'migrate', requestId: 1, direction: 'down', version: '001' }]);
  });

  it('a failed run shows the error and its hint', () => {
    let { state } = press({ ...base(), view: 'migrations' }, key('u'), key('003'), key('', { return: true }));
    state = reduceDashboard(state, { type: 'migrate_failed', requestId: 1, error: { code: 'AERO_MIGRATION_MODIFIED', message: 'migrate up refused', hint: 'git checkout -- migrations/002' } });
    expect(state.migrations.outcome).toEqual({ ok: false, error: { code: 'AERO_MIGRATION_MODIFIED', message: 'migrate up refused', hint: 'git checkout -- migrations/002' } });
  });
});

describe('collections model', () => {
  it('lists the project collections before _system ones', () => {
    expect(orderedCollections(stats()).map((c) => c.name)).toEqual(['posts', 'users', '_system.migrations']);
  });

  it('enter browses page by page by cursor; p goes back to the previous cursor', () => {
    let { state, effects } = press({ ...base(), view: 'collections' }, key('', { return: true }));
    expect(effects).toEqual([{ kind: 'find', requestId: 1, collection: 'posts', query: { limit: 21 } }]);
    state = reduceDashboard(state, { type: 'find_result', requestId: 1, page: { data: [{ _id: 'p1' }], next_cursor: 'c2', explain: null, documents_scanned: 1 } });
    ({ state, effects } = press(state, key('n')));
    expect(effects).toEqual([{ kind: 'find', requestId: 2, collection: 'posts', query: { limit: 21, cursor: 'c2' } }]);
    // a late answer to an earlier request is dropped
    state = reduceDashboard(state, { type: 'find_result', requestId: 1, page: { data: [], next_cursor: null, explain: null, documents_scanned: 0 } });
    expect(state.collections.mode).toMatchObject({ fetch: { status: 'loading', requestId: 2 } });
    state = reduceDashboard(state, { type: 'find_result', requestId: 2, page: { data: [{ _id: 'p2' }], next_cursor: null, explain: null, documents_scanned: 1 } });
    expect(press(state, key('n')).effects).toEqual([]);
    ({ effects } = press(state, key('p')));
    expect(effects).toEqual([{ kind: 'find', requestId: 3, collection: 'posts', query: { limit: 21 } }]);
    const mode = state.collections.mode;
    expect(mode.kind === 'browse' && browseQuery(mode, 5)).toEqual({ limit: 5, cursor: 'c2' });
  });

  it('f opens the query editor; enter runs valid JSON, invalid JSON stays in the editor with the reason', () => {
    let { state, effects } = press({ ...base(), view: 'collections' }, key('f'));
    expect(isTyping(state)).toBe(true);
    ({ state, effects } = press(state, key('', { ctrl: true, input: 'u' } as KeyPress), key('{"filter": {'), key('', { return: true })));
    expect(effects).toEqual([]);
    expect(state.collections.mode).toMatchObject({ kind: 'query', parseError: expect.stringContaining('not JSON') });
    ({ state, effects } = press(state, key('', { ctrl: true, input: 'u' } as KeyPress), key('{"filter": {"status": "published"}}\r')));
    // no limit: the REST API's default, so both dashboards run the same bounded query
    expect(effects).toEqual([{ kind: 'find', requestId: 1, collection: 'posts', query: { filter: { status: 'published' }, limit: 20 } }]);
    expect(parseQueryText('[1]')).toEqual({ error: expect.stringContaining('JSON object') });
  });
});

describe('keys', () => {
  it('1-7 and arrows switch views (migrations and functions refresh on entry); q quits; ? toggles the help', () => {
    expect(press(base(), key('3')).state.view).toBe('migrations');
    expect(press(base(), key('3')).effects).toEqual([{ kind: 'migration_status' }]);
    expect(press(base(), key('5')).effects).toEqual([{ kind: 'functions' }]);
    expect(press(base(), key('', { leftArrow: true })).state.view).toBe('problems');
    expect(press(base(), key('', { rightArrow: true })).state.view).toBe('collections');
    expect(press(base(), key('q')).effects).toEqual([{ kind: 'quit' }]);
    expect(press(base(), key('c', { ctrl: true })).effects).toEqual([{ kind: 'quit' }]);
    const help = press(base(), key('?')).state;
    expect(help.help).toBe(true);
    expect(press(help, key('x')).state.help).toBe(false);
  });

  it('while typing, digits and q are text, not commands', () => {
    const { state, effects } = press({ ...base(), view: 'oplog' }, key('/'), key('q1'), key('', { return: true }));
    expect(effects).toEqual([]);
    expect(state.view).toBe('oplog');
    expect(state.oplog.filter.text).toBe('q1');
  });

  it('the footer shows the keys of the current mode', () => {
    const s = { ...base(), view: 'oplog' as const };
    expect(currentKeys(s).map(([k]) => k)).toEqual(['space', '/']);
    expect(currentKeys(press(s, key(' ')).state).map(([k]) => k)).toEqual(['space', '↑/↓', 'enter', '/']);
    expect(currentKeys(press(s, key('/')).state).map(([k]) => k)).toEqual(['enter', 'esc']);
  });
});

describe('functions model', () => {
  it('a failed deploy is a problem with the file and the fix until a later deploy succeeds', () => {
    let state = reduceDashboard(base(), { type: 'functions', snapshot: functionsSnapshot() });
    expect(state.problems.items).toEqual([
      {
        key: 'functions:broken',
        area: 'functions',
        file: 'functions/broken/',
        title: 'function broken did not deploy (v1 keeps serving): functions/broken/index.ts:3:7: ERROR: Expected ";" but found "x"',
        details: [],
        fix: ['fix the file named above and save: aerodb serve rebuilds functions/broken on save', 'or deploy it by hand to see every build step: aerodb deploy-function broken'],
      },
    ]);
    const fixed = functionsSnapshot();
    if (fixed.available) fixed.functions[1]!.logs.push('info deployed v2 (sha256 bbbbbbbbbbbb, 50000 bytes) in 650 ms');
    state = reduceDashboard(state, { type: 'functions', snapshot: fixed });
    expect(state.problems.items).toEqual([]);
  });

  it('i takes JSON input for the selected function; bad JSON stays in the editor; the result is shown', () => {
    let state = reduceDashboard({ ...base(), view: 'functions' }, { type: 'functions', snapshot: functionsSnapshot() });
    let out = press(state, key('i'), key('', { ctrl: true, input: 'u' } as KeyPress), key('{"name":'), key('', { return: true }));
    expect(out.effects).toEqual([]);
    expect(out.state.functions.outcome).toMatchObject({ ok: false, error: { message: expect.stringContaining('not JSON') } });
    expect(out.state.functions.editing).toBe('{"name":');
    out = press(out.state, key('"Ada"}'), key('', { return: true }));
    expect(out.effects).toEqual([{ kind: 'invoke', requestId: 1, name: 'hello', input: { name: 'Ada' } }]);
    state = reduceDashboard(out.state, { type: 'invoke_result', requestId: 1, result: { invocation_id: 'inv_1', version: 2, value: { message: 'Hello, Ada!' }, duration_ms: 2 } });
    expect(state.functions.outcome).toMatchObject({ ok: true, name: 'hello', result: { value: { message: 'Hello, Ada!' } } });
    expect(press(state, key('i')).state.functions.editing).toBe('{"name":"Ada"}');
  });
});
