// db triggers: every committed document change in a watched collection invokes the functions whose
// function.json asks for that event, with {event, collection, doc, old, lsn}, as the service caller.
// It runs after the commit is durable and outside the write: the write never waits for it, and a
// failing function is logged (function log and the oplog) without touching the data written.
// Writes a triggered function makes can trigger further functions, at most MAX_TRIGGER_DEPTH deep.
import type { CommitFeed, CommittedChange, CommittedUnit } from '../../changes/commit-feed.js';
import type { Caller } from '../../database-types.js';
import { SYSTEM_PREFIX } from '../../types.js';
import type { DbEvent } from '../function-manifest.js';
import type { FunctionRuntime } from '../runtime/function-runtime.js';

export const MAX_TRIGGER_DEPTH = 8;
/** Trigger invocations waiting to start; beyond this new events are dropped and logged. */
const MAX_PENDING = 10_000;

const SERVICE: Caller = Object.freeze({ kind: 'service' });

export class DbTriggerDispatcher {
  readonly #runtime: FunctionRuntime;
  readonly #unsubscribe: () => void;
  #pending = 0;
  #dropped = 0;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(runtime: FunctionRuntime, feed: CommitFeed) {
    this.#runtime = runtime;
    this.#unsubscribe = feed.subscribe((unit) => this.#onCommit(unit));
  }

  /** Waits for every triggered invocation started so far (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  stats(): { pending: number; dropped: number } {
    return { pending: this.#pending, dropped: this.#dropped };
  }

  close(): void {
    this.#unsubscribe();
  }

  #onCommit(unit: CommittedUnit): void {
    const cause = this.#runtime.currentCause();
    const depth = cause ? cause.depth + 1 : 0;
    for (const change of unit.changes) {
      if (change.collection.startsWith(SYSTEM_PREFIX)) continue;
      const event: DbEvent = change.old === null ? 'insert' : change.doc === null ? 'delete' : 'update';
      for (const loaded of this.#runtime.functions()) {
        const wanted = loaded.version.manifest.triggers.some((t) => 'db' in t && t.db.collection === change.collection && t.db.events.includes(event));
        if (wanted) this.#dispatch(loaded.version.name, event, change, unit.lsn, depth, cause?.invocation_id ?? null);
      }
    }
  }

  #dispatch(name: string, event: DbEvent, change: CommittedChange, lsn: number, depth: number, causedBy: string | null): void {
    if (depth >= MAX_TRIGGER_DEPTH) {
      this.#log(name, `db trigger (${event} on "${change.collection}", lsn ${lsn}) not run: it was caused by invocation ${causedBy}, ${depth} triggers deep (the limit is ${MAX_TRIGGER_DEPTH}); a function whose writes trigger itself loops`);
      return;
    }
    if (this.#pending >= MAX_PENDING) {
      this.#dropped++;
      this.#log(name, `db trigger (${event} on "${change.collection}", lsn ${lsn}) dropped: ${MAX_PENDING} trigger invocations are already waiting`);
      return;
    }
    this.#pending++;
    const input = { event, collection: change.collection, doc: change.doc, old: change.old, lsn };
    const run = this.#runtime
      .invoke(name, input, { trigger: 'db', caller: SERVICE, depth })
      .then(
        () => undefined,
        // the runtime already logged the failure (function log + oplog); nothing reaches the write
        () => undefined,
      )
      .finally(() => {
        this.#pending--;
        this.#inFlight.delete(run);
      });
    this.#inFlight.add(run);
  }

  #log(name: string, message: string): void {
    this.#runtime.logs.write({ timestamp: new Date().toISOString(), function: name, version: this.#runtime.get(name)?.version.version ?? null, invocation_id: null, level: 'error', source: 'aerodb', message });
  }
}
