// schedule triggers: while the server runs, each function's cron expressions (UTC; 5 fields, or 6
// with seconds first) invoke it with {event: "schedule", cron, scheduled_at} as the service caller.
// Runs missed while the server was down are not replayed, and a run due while the previous one of
// the same schedule is still going is skipped (and logged): never two at once, never a backlog.
import { Cron } from 'croner';
import type { Caller } from '../../database-types.js';
import type { FunctionRuntime, LoadedFunction } from '../runtime/function-runtime.js';

const SERVICE: Caller = Object.freeze({ kind: 'service' });

export class ScheduleTriggers {
  readonly #runtime: FunctionRuntime;
  readonly #jobs = new Map<string, Cron[]>();
  readonly #unsubscribe: () => void;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(runtime: FunctionRuntime) {
    this.#runtime = runtime;
    for (const loaded of runtime.functions()) this.#arm(loaded.version.name, loaded);
    this.#unsubscribe = runtime.onActivate((name, loaded) => this.#arm(name, loaded));
  }

  /** Next run per scheduled function and cron (for `functions list`). */
  nextRuns(): Array<{ function: string; cron: string; next_run: string | null }> {
    const out: Array<{ function: string; cron: string; next_run: string | null }> = [];
    for (const name of [...this.#jobs.keys()].sort()) {
      for (const job of this.#jobs.get(name)!) out.push({ function: name, cron: job.getPattern() ?? '', next_run: job.nextRun()?.toISOString() ?? null });
    }
    return out;
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    for (const jobs of this.#jobs.values()) for (const job of jobs) job.stop();
    this.#jobs.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  #arm(name: string, loaded: LoadedFunction | null): void {
    for (const job of this.#jobs.get(name) ?? []) job.stop();
    this.#jobs.delete(name);
    if (!loaded) return;
    const jobs: Cron[] = [];
    for (const trigger of loaded.version.manifest.triggers) {
      if (!('schedule' in trigger)) continue;
      const cron = trigger.schedule.cron;
      const job: Cron = new Cron(
        cron,
        {
          name: `${name}:${cron}`,
          timezone: 'UTC',
          mode: '5-or-6-parts',
          unref: true,
          protect: () => this.#log(name, `schedule "${cron}": the run due at ${new Date().toISOString()} was skipped because the previous run is still going`),
        },
        () => this.#fire(name, cron, job),
      );
      jobs.push(job);
    }
    if (jobs.length > 0) this.#jobs.set(name, jobs);
  }

  async #fire(name: string, cron: string, job: Cron): Promise<void> {
    const due = job.currentRun() ?? new Date();
    const run = this.#runtime
      .invoke(name, { event: 'schedule', cron, scheduled_at: due.toISOString() }, { trigger: 'schedule', caller: SERVICE })
      .then(
        () => undefined,
        () => undefined,
      );
    this.#inFlight.add(run);
    try {
      await run;
    } finally {
      this.#inFlight.delete(run);
    }
  }

  #log(name: string, message: string): void {
    this.#runtime.logs.write({ timestamp: new Date().toISOString(), function: name, version: this.#runtime.get(name)?.version.version ?? null, invocation_id: null, level: 'warn', source: 'aerodb', message });
  }
}
