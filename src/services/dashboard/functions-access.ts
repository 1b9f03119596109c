// The dashboard's view of the functions runtime inside `aerodb serve`: every function (deployed or
// only in functions/) with its triggers, newest log lines and last invocations, and invoke.
// Invocations are picked from the operation log as it streams (operation "function": only those
// lines are parsed), since the invocation journal is append-and-find only.
import type { OperationLogHandle } from '../../engine/oplog/operation-log.js';
import type { FunctionSummary, InvocationResult } from '../../ui/models/feed-events.js';
import { describeTrigger } from '../functions/function-summaries.js';
import type { FunctionsHost } from '../functions/functions-host.js';
import type { FunctionsAccess } from './in-process-feed.js';

const LOG_LINES = 10;
const INVOCATIONS = 10;

type Invocation = FunctionSummary['last_invocations'][number];

export function functionsAccess(host: FunctionsHost, oplog: OperationLogHandle | null): FunctionsAccess & { close(): void } {
  const invocations = new Map<string, Invocation[]>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const unsubscribers = [
    host.runtime.logs.subscribe(changed),
    host.runtime.onActivate(changed),
    oplog?.subscribe((entries) => {
      let seen = false;
      for (const entry of entries) {
        if (entry.operation !== 'function') continue;
        const call = invocationOf(entry.line);
        if (call === null) continue;
        const list = invocations.get(call.name) ?? [];
        list.push(call.invocation);
        if (list.length > INVOCATIONS) list.shift();
        invocations.set(call.name, list);
        seen = true;
      }
      if (seen) changed();
    }) ?? (() => undefined),
  ];
  return {
    async snapshot() {
      const list = await host.list();
      return {
        available: true,
        functions: list.map((fn) => ({
          name: fn.name,
          status: fn.status,
          version: fn.version,
          triggers: fn.triggers.map((t) => describeTrigger(t, fn.name)),
          last_invocations: [...(invocations.get(fn.name) ?? [])],
          logs: host.runtime.logs.read(fn.name, { limit: LOG_LINES }).map((e) => `${e.level} ${e.message}`),
        })),
      };
    },
    async invoke(name: string, input: unknown): Promise<InvocationResult> {
      const r = await host.invoke(name, input);
      return { invocation_id: r.invocation_id, version: r.version, value: r.value, duration_ms: r.duration_ms };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      listeners.clear();
    },
  };
}

/** An oplog entry of operation "function": which function, and how the call went. */
function invocationOf(line: string): { name: string; invocation: Invocation } | null {
  try {
    const entry = JSON.parse(line) as { timestamp: string; duration_ms: number; status: string; error_code: string | null; request_id: string | null; detail: string | null };
    const detail = JSON.parse(entry.detail ?? '{}') as { function?: string };
    if (typeof detail.function !== 'string') return null;
    return {
      name: detail.function,
      invocation: { id: entry.request_id ?? '?', at: entry.timestamp, duration_ms: entry.duration_ms, status: entry.status === 'ok' ? 'ok' : 'error', error_code: entry.error_code },
    };
  } catch {
    return null;
  }
}
