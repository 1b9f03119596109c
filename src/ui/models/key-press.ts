// A key press: the next state and what the controller must do (fetch a page, run a migration, quit).
import { browsePageSize } from './layout.js';
import {
  browseQuery,
  moveCollectionSelection,
  orderedCollections,
  pageBack,
  pageForward,
  parseQueryText,
  startBrowse,
  startQuery,
  toggleDocumentDetail,
  type BrowseState,
  type CollectionsState,
} from './collections-model.js';
import type { DashboardState } from './dashboard-state.js';
import type { Effect } from './effects.js';
import { isTyping } from './key-map.js';
import { cancelConfirmation, moveMigrationSelection, planApplyNext, planRollback, submitConfirmation, typeConfirmation } from './migrations-model.js';
import {
  applyFilter,
  cancelFilterEdit,
  matchingOplogCount,
  moveOplogSelection,
  setFilterDraft,
  startFilterEdit,
  toggleOplogDetail,
  togglePause,
} from './oplog-model.js';
import { toggleKeys } from './overview-model.js';
import { moveProblemSelection } from './problems-model.js';
import { moveFunctionSelection, startInvokeInput, submitInvokeInput } from './functions-model.js';
import { editText, type KeyPress } from './text-input.js';
import { VIEW_IDS, type ViewId } from './view-ids.js';

export interface KeyOutcome {
  state: DashboardState;
  effects: Effect[];
}

export function pressKey(state: DashboardState, key: KeyPress): KeyOutcome {
  if (key.ctrl && key.input === 'c') return { state, effects: [{ kind: 'quit' }] };
  if (isTyping(state)) return typeInto(state, key);
  if (state.help) {
    if (key.input === 'q') return { state, effects: [{ kind: 'quit' }] };
    return { state: { ...state, help: false }, effects: [] };
  }
  if (key.input === 'q') return { state, effects: [{ kind: 'quit' }] };
  if (key.input === '?') return { state: { ...state, help: true }, effects: [] };
  const digit = /^[1-7]$/.test(key.input) ? Number(key.input) : 0;
  if (digit > 0) return switchView(state, VIEW_IDS[digit - 1]!);
  if (key.leftArrow || key.rightArrow) {
    const at = VIEW_IDS.indexOf(state.view);
    const next = (at + (key.rightArrow ? 1 : VIEW_IDS.length - 1)) % VIEW_IDS.length;
    return switchView(state, VIEW_IDS[next]!);
  }
  switch (state.view) {
    case 'overview':
      return key.input === 'k' ? { state: { ...state, overview: toggleKeys(state.overview) }, effects: [] } : none(state);
    case 'collections':
      return collectionsKey(state, key);
    case 'migrations':
      return migrationsKey(state, key);
    case 'oplog':
      return oplogKey(state, key);
    case 'functions':
      return functionsKey(state, key);
    case 'problems':
      if (key.upArrow || key.downArrow) return { state: { ...state, problems: moveProblemSelection(state.problems, key.upArrow ? -1 : 1) }, effects: [] };
      return none(state);
    case 'realtime':
      return none(state);
  }
}

/** Views that show server state refresh it when entered. */
function switchView(state: DashboardState, view: ViewId): KeyOutcome {
  const next = { ...state, view };
  if (view === 'migrations') return { state: next, effects: [{ kind: 'migration_status' }] };
  if (view === 'functions') return { state: next, effects: [{ kind: 'functions' }] };
  return { state: next, effects: [] };
}

function none(state: DashboardState): KeyOutcome {
  return { state, effects: [] };
}

function typeInto(state: DashboardState, key: KeyPress): KeyOutcome {
  if (state.view === 'functions') {
    const edit = editText(state.functions.editing ?? '', key);
    if (edit.kind === 'cancel') return { state: { ...state, functions: { ...state.functions, editing: null } }, effects: [] };
    if (edit.kind === 'edit') return { state: { ...state, functions: { ...state.functions, editing: edit.text } }, effects: [] };
    const requestId = state.nextRequestId;
    const submitted = submitInvokeInput(state.functions, edit.text, requestId);
    if (submitted.invoke === null) return { state: { ...state, functions: submitted.state }, effects: [] };
    return { state: { ...state, functions: submitted.state, nextRequestId: requestId + 1 }, effects: [{ kind: 'invoke', requestId, ...submitted.invoke }] };
  }
  if (state.view === 'oplog') {
    const edit = editText(state.oplog.editing ?? '', key);
    const oplog = edit.kind === 'submit' ? applyFilter(state.oplog, edit.text) : edit.kind === 'cancel' ? cancelFilterEdit(state.oplog) : setFilterDraft(state.oplog, edit.text);
    return { state: { ...state, oplog }, effects: [] };
  }
  if (state.view === 'migrations') {
    const edit = editText(state.migrations.confirm?.typed ?? '', key);
    if (edit.kind === 'cancel') return { state: { ...state, migrations: cancelConfirmation(state.migrations) }, effects: [] };
    if (edit.kind === 'edit') return { state: { ...state, migrations: typeConfirmation(state.migrations, edit.text) }, effects: [] };
    const requestId = state.nextRequestId;
    const submitted = submitConfirmation(state.migrations, requestId);
    if (submitted.run === null) return { state: { ...state, migrations: submitted.state }, effects: [] };
    return {
      state: { ...state, migrations: submitted.state, nextRequestId: requestId + 1 },
      effects: [{ kind: 'migrate', requestId, direction: submitted.run.direction, version: submitted.run.target }],
    };
  }
  // the collections query editor
  const mode = state.collections.mode;
  if (mode.kind !== 'query' || mode.editing === null) return none(state);
  const edit = editText(mode.editing, key);
  if (edit.kind === 'cancel') {
    // back to the last result, or to the list when nothing ran yet
    const collections: CollectionsState = mode.fetch === null ? { ...state.collections, mode: { kind: 'list' } } : { ...state.collections, mode: { ...mode, editing: null } };
    return { state: { ...state, collections }, effects: [] };
  }
  if (edit.kind === 'edit') return { state: { ...state, collections: { ...state.collections, mode: { ...mode, editing: edit.text } } }, effects: [] };
  const parsed = parseQueryText(edit.text);
  if ('error' in parsed) return { state: { ...state, collections: { ...state.collections, mode: { ...mode, editing: edit.text, parseError: parsed.error } } }, effects: [] };
  const requestId = state.nextRequestId;
  return {
    state: {
      ...state,
      nextRequestId: requestId + 1,
      collections: { ...state.collections, mode: { ...mode, editing: null, text: edit.text, parseError: null, fetch: { status: 'loading', requestId } } },
    },
    effects: [{ kind: 'find', requestId, collection: mode.collection, query: parsed.query }],
  };
}

function collectionsKey(state: DashboardState, key: KeyPress): KeyOutcome {
  const collections = state.collections;
  const names = orderedCollections(state.stats).map((c) => c.name);
  const mode = collections.mode;
  if (key.upArrow || key.downArrow) return { state: { ...state, collections: moveCollectionSelection(collections, key.upArrow ? -1 : 1, names.length) }, effects: [] };
  if (mode.kind === 'list') {
    const name = names[collections.selected];
    if (name === undefined) return none(state);
    if (key.return) return fetchPage(state, (requestId) => startBrowse(collections, name, requestId));
    if (key.input === 'f') return { state: { ...state, collections: startQuery(collections, name, null) }, effects: [] };
    return none(state);
  }
  if (key.escape) {
    if (mode.kind === 'browse' && mode.detail) return { state: { ...state, collections: { ...collections, mode: toggleDocumentDetail(mode) } }, effects: [] };
    return { state: { ...state, collections: { ...collections, mode: { kind: 'list' } } }, effects: [] };
  }
  if (key.input === 'f') return { state: { ...state, collections: startQuery(collections, mode.collection, mode.kind === 'query' ? mode.text : null) }, effects: [] };
  if (mode.kind === 'browse') {
    if (key.input === 'n' || key.pageDown) return fetchPage(state, (requestId) => ({ ...collections, mode: pageForward(mode, requestId) }));
    if (key.input === 'p' || key.pageUp) return fetchPage(state, (requestId) => ({ ...collections, mode: pageBack(mode, requestId) }));
    if (key.return) return { state: { ...state, collections: { ...collections, mode: toggleDocumentDetail(mode) } }, effects: [] };
  }
  return none(state);
}

/** Moves the browser (start, next, previous page) and fetches the page it now points at, if it changed. */
function fetchPage(state: DashboardState, move: (requestId: number) => CollectionsState): KeyOutcome {
  const requestId = state.nextRequestId;
  const collections = move(requestId);
  const mode = collections.mode;
  if (mode.kind !== 'browse' || mode.fetch.status !== 'loading' || mode.fetch.requestId !== requestId) return none(state);
  return {
    state: { ...state, collections, nextRequestId: requestId + 1 },
    effects: [{ kind: 'find', requestId, collection: mode.collection, query: browseQuery(mode as BrowseState, browsePageSize(state.size)) }],
  };
}

function migrationsKey(state: DashboardState, key: KeyPress): KeyOutcome {
  if (key.upArrow || key.downArrow) return { state: { ...state, migrations: moveMigrationSelection(state.migrations, key.upArrow ? -1 : 1) }, effects: [] };
  if (key.input === 'u') return { state: { ...state, migrations: planApplyNext(state.migrations) }, effects: [] };
  if (key.input === 'd') return { state: { ...state, migrations: planRollback(state.migrations) }, effects: [] };
  if (key.input === 'r') return { state, effects: [{ kind: 'migration_status' }] };
  return none(state);
}

function oplogKey(state: DashboardState, key: KeyPress): KeyOutcome {
  const oplog = state.oplog;
  if (key.input === ' ') return { state: { ...state, oplog: togglePause(oplog) }, effects: [] };
  if (key.input === '/') return { state: { ...state, oplog: startFilterEdit(oplog) }, effects: [] };
  if (key.escape) {
    if (oplog.detail) return { state: { ...state, oplog: toggleOplogDetail(oplog) }, effects: [] };
    return { state: { ...state, oplog: applyFilter(oplog, '') }, effects: [] };
  }
  if (key.upArrow || key.downArrow) {
    return { state: { ...state, oplog: moveOplogSelection(oplog, key.upArrow ? 1 : -1, matchingOplogCount(oplog)) }, effects: [] };
  }
  if (key.return) return { state: { ...state, oplog: toggleOplogDetail(oplog) }, effects: [] };
  return none(state);
}


function functionsKey(state: DashboardState, key: KeyPress): KeyOutcome {
  if (key.upArrow || key.downArrow) return { state: { ...state, functions: moveFunctionSelection(state.functions, key.upArrow ? -1 : 1) }, effects: [] };
  if (key.input === 'i') return { state: { ...state, functions: startInvokeInput(state.functions) }, effects: [] };
  if (key.input === 'r') return { state, effects: [{ kind: 'functions' }] };
  return none(state);
}
