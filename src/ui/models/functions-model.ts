// The functions view: deployed functions, the selected one's recent invocations (from the oplog
// rows) and logs, and `i` to invoke it with typed JSON input. A function whose last deploy failed
// (a build error on save) is also a problem.
import type { ErrorView } from './effects.js';
import type { FunctionsSnapshot, FunctionSummary, InvocationResult } from './feed-events.js';
import type { Problem } from './problems-model.js';

export interface FunctionsState {
  snapshot: FunctionsSnapshot | null;
  selected: number;
  /** the JSON input being typed after `i`; null when not typing */
  editing: string | null;
  /** the last input sent (offered again by the next `i`) */
  lastInput: string;
  running: { name: string; requestId: number } | null;
  outcome: { ok: true; name: string; result: InvocationResult } | { ok: false; name: string; error: ErrorView } | null;
}

export const INITIAL_FUNCTIONS: FunctionsState = { snapshot: null, selected: 0, editing: null, lastInput: '{}', running: null, outcome: null };

export function setFunctionsSnapshot(state: FunctionsState, snapshot: FunctionsSnapshot): FunctionsState {
  const count = snapshot.available ? snapshot.functions.length : 0;
  return { ...state, snapshot, selected: Math.min(state.selected, Math.max(0, count - 1)) };
}

export function selectedFunction(state: FunctionsState): FunctionSummary | null {
  const snapshot = state.snapshot;
  return snapshot?.available ? (snapshot.functions[state.selected] ?? null) : null;
}

export function moveFunctionSelection(state: FunctionsState, delta: number): FunctionsState {
  const count = state.snapshot?.available ? state.snapshot.functions.length : 0;
  return { ...state, selected: Math.min(Math.max(0, count - 1), Math.max(0, state.selected + delta)) };
}

export function startInvokeInput(state: FunctionsState): FunctionsState {
  const fn = selectedFunction(state);
  if (fn === null || state.running) return state;
  return { ...state, editing: state.lastInput };
}

/** Enter on the input: the JSON to send, or the reason it is not JSON (the editor stays open). */
export function submitInvokeInput(state: FunctionsState, text: string, requestId: number): { state: FunctionsState; invoke: { name: string; input: unknown } | null } {
  const fn = selectedFunction(state);
  if (fn === null) return { state: { ...state, editing: null }, invoke: null };
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { state: { ...state, editing: text, outcome: { ok: false, name: fn.name, error: { code: null, message: `the input is not JSON: ${error instanceof Error ? error.message : String(error)}`, hint: 'Type a JSON value, e.g. {"name": "Ada"}.' } } }, invoke: null };
  }
  return { state: { ...state, editing: null, lastInput: text, running: { name: fn.name, requestId }, outcome: null }, invoke: { name: fn.name, input } };
}

export function invocationFinished(state: FunctionsState, requestId: number, result: { value: InvocationResult } | { error: ErrorView }): FunctionsState {
  const running = state.running;
  if (running?.requestId !== requestId) return state;
  const outcome = 'error' in result ? { ok: false as const, name: running.name, error: result.error } : { ok: true as const, name: running.name, result: result.value };
  return { ...state, running: null, outcome };
}

/**
 * Build problems: a function whose newest deploy attempt (its "deploy failed" / "deployed v" log
 * lines) failed; the message names the file and line. It stays until a deploy succeeds.
 */
export function functionProblems(snapshot: FunctionsSnapshot): Problem[] {
  if (!snapshot.available) return [];
  const problems: Problem[] = [];
  for (const fn of snapshot.functions) {
    const attempt = [...fn.logs].reverse().find((l) => DEPLOY_FAILED.test(l) || DEPLOYED.test(l));
    if (attempt === undefined || !DEPLOY_FAILED.test(attempt)) continue;
    const [first = '', ...rest] = attempt.replace(DEPLOY_FAILED, '').trim().split('\n');
    problems.push({
      key: `functions:${fn.name}`,
      area: 'functions',
      file: `functions/${fn.name}/`,
      title: `function ${fn.name} did not deploy (${fn.version === null ? 'nothing is deployed under that name' : `v${fn.version} keeps serving`}): ${first}`,
      details: rest,
      fix: [`fix the file named above and save: aerodb serve rebuilds functions/${fn.name} on save`, `or deploy it by hand to see every build step: aerodb deploy-function ${fn.name}`],
    });
  }
  return problems;
}

const DEPLOY_FAILED = /^error deploy failed:/;
const DEPLOYED = /^info deployed v\d+/;
