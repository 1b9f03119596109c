// What `aerodb deploy-function` and `aerodb functions list|logs|invoke|replay` do, without oclif.
import { loadProject } from '../../config/load-config.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { BuildStepEvent } from '../../engine/functions/compile/build-function.js';
import type { ReplayReport } from '../../engine/functions/runtime/replay-invocation.js';
import type { FunctionLogEntry } from '../../engine/functions/store/function-log-book.js';
import type { FunctionInvocation } from '../../server/function-hooks.js';
import type { ProjectOptions } from '../project-session.js';
import type { DeployOutcome } from './deploy-outcomes.js';
import type { FunctionSummary } from './function-summaries.js';
import type { FunctionsSource } from './functions-source.js';
import { openFunctionsSource } from './open-functions-source.js';

/** How often `functions logs --follow` asks for new entries. */
export const FOLLOW_POLL_MS = 500;

async function withFunctions<T>(options: ProjectOptions, work: (source: FunctionsSource) => Promise<T>): Promise<T> {
  const project = loadProject(options);
  const source = await openFunctionsSource(project);
  try {
    return await work(source);
  } finally {
    await source.close();
  }
}

export function deployFunctions(options: ProjectOptions & { names: string[] | 'all'; onStep?: (name: string, event: BuildStepEvent) => void }): Promise<{ mode: FunctionsSource['mode']; outcomes: DeployOutcome[] }> {
  return withFunctions(options, async (source) => ({ mode: source.mode, outcomes: await source.deploy(options.names, options.onStep) }));
}

export function listFunctions(options: ProjectOptions): Promise<FunctionSummary[]> {
  return withFunctions(options, (source) => source.list());
}

export function invokeFunction(options: ProjectOptions & { name: string; data: string | undefined }): Promise<FunctionInvocation> {
  const input = parseData(options.data);
  return withFunctions(options, (source) => source.invoke(options.name, input));
}

export function replayFunctionInvocation(options: ProjectOptions & { invocationId: string }): Promise<ReplayReport> {
  return withFunctions(options, (source) => source.replay(options.invocationId));
}

/**
 * Prints the newest `limit` entries of `name`'s log, then (follow) polls for new ones until the
 * signal aborts. Returns how many were printed.
 */
export function functionLogs(options: ProjectOptions & { name: string; limit: number; follow: boolean; signal?: AbortSignal; onEntry: (entry: FunctionLogEntry) => void }): Promise<number> {
  return withFunctions(options, async (source) => {
    let printed = 0;
    let after = 0;
    const emit = (entries: FunctionLogEntry[]) => {
      for (const entry of entries) {
        options.onEntry(entry);
        after = Math.max(after, entry.seq);
        printed++;
      }
    };
    emit(await source.logs(options.name, { limit: options.limit }));
    while (options.follow && !options.signal?.aborted) {
      await sleep(FOLLOW_POLL_MS, options.signal);
      if (options.signal?.aborted) break;
      emit(await source.logs(options.name, { after }));
    }
    return printed;
  });
}

function parseData(data: string | undefined): unknown {
  if (data === undefined) return null;
  try {
    return JSON.parse(data) as unknown;
  } catch (error) {
    throw new AeroError('AERO_CONFIG_USAGE', `--data is not valid JSON: ${(error as Error).message}`, {
      details: { flag: 'data' },
      hint: `Quote the JSON for your shell, e.g. --data '{"name":"Ada"}'.`,
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
