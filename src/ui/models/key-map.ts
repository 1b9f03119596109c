// The keys of each view and mode: the footer shows the current ones, `?` shows them all.
import type { DashboardState } from './dashboard-state.js';
import type { ViewId } from './view-ids.js';

export type KeyHint = readonly [key: string, action: string];

export const GLOBAL_KEYS: readonly KeyHint[] = [
  ['1-7', 'switch view'],
  ['←/→', 'previous/next view'],
  ['?', 'all keys'],
  ['q', 'quit'],
];

/** Every view's keys, by mode, for the `?` overlay. */
export const ALL_KEYS: ReadonlyArray<{ view: ViewId; mode: string; keys: readonly KeyHint[] }> = [
  { view: 'overview', mode: '', keys: [['k', 'reveal/hide API keys']] },
  { view: 'collections', mode: 'list', keys: [['↑/↓', 'select'], ['enter', 'browse documents'], ['f', 'run a JSON query']] },
  { view: 'collections', mode: 'browse', keys: [['↑/↓', 'select'], ['enter', 'document in full'], ['n/PgDn', 'next page'], ['p/PgUp', 'previous page'], ['f', 'query'], ['esc', 'back']] },
  { view: 'collections', mode: 'query', keys: [['enter', 'run'], ['f', 'edit the query'], ['esc', 'back']] },
  { view: 'migrations', mode: '', keys: [['↑/↓', 'select'], ['u', 'apply next'], ['d', 'roll back newest'], ['r', 'refresh']] },
  { view: 'migrations', mode: 'confirm', keys: [['type the version', 'confirm'], ['enter', 'run'], ['esc', 'cancel']] },
  { view: 'oplog', mode: '', keys: [['space', 'pause/resume'], ['/', 'filter (collection, op, c:, op:, slow)'], ['esc', 'clear the filter']] },
  { view: 'oplog', mode: 'paused', keys: [['↑/↓', 'select'], ['enter', 'entry details']] },
  { view: 'functions', mode: '', keys: [['↑/↓', 'select'], ['i', 'invoke with JSON input'], ['r', 'refresh']] },
  { view: 'realtime', mode: '', keys: [] },
  { view: 'problems', mode: '', keys: [['↑/↓', 'select']] },
];

/** The keys that work right now (the footer). */
export function currentKeys(state: DashboardState): readonly KeyHint[] {
  if (state.help) return [['?/esc', 'close'], ['q', 'quit']];
  switch (state.view) {
    case 'overview':
      return [['k', state.overview.keysRevealed ? 'hide keys' : 'reveal keys']];
    case 'collections': {
      const mode = state.collections.mode;
      if (mode.kind === 'query' && mode.editing !== null) return [['enter', 'run'], ['esc', 'cancel']];
      return ALL_KEYS.find((k) => k.view === 'collections' && k.mode === mode.kind)!.keys;
    }
    case 'migrations':
      if (state.migrations.confirm) return [['enter', 'confirm'], ['esc', 'cancel']];
      return ALL_KEYS.find((k) => k.view === 'migrations' && k.mode === '')!.keys;
    case 'oplog':
      if (state.oplog.editing !== null) return [['enter', 'apply filter'], ['esc', 'cancel']];
      if (state.oplog.frozen !== null) return [['space', 'resume'], ['↑/↓', 'select'], ['enter', state.oplog.detail ? 'hide details' : 'details'], ['/', 'filter']];
      return [['space', 'pause'], ['/', 'filter'], ...(state.oplog.filter.text !== '' ? [['esc', 'clear filter'] as const] : [])];
    case 'functions':
      if (state.functions.editing !== null) return [['enter', 'invoke'], ['esc', 'cancel']];
      return ALL_KEYS.find((k) => k.view === 'functions')!.keys;
    case 'realtime':
      return [];
    case 'problems':
      return [['↑/↓', 'select']];
  }
}

/** True while a text field has the keyboard (digits and q are typed, not commands). */
export function isTyping(state: DashboardState): boolean {
  if (state.help) return false;
  if (state.view === 'oplog') return state.oplog.editing !== null;
  if (state.view === 'migrations') return state.migrations.confirm !== null;
  if (state.view === 'functions') return state.functions.editing !== null;
  if (state.view === 'collections') return state.collections.mode.kind === 'query' && state.collections.mode.editing !== null;
  return false;
}
