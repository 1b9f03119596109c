// The functions part of `aerodb serve`: the runtime over the served database, deploys through the
// admin API (swapped in atomically), db triggers from the commit feed, cron schedules, and the
// functions/ watcher that rebuilds and redeploys on save.
import type { LoadedProject } from '../../config/load-config.js';
import type { CommitFeed } from '../../engine/changes/commit-feed.js';
import type { Caller, Database } from '../../engine/database-types.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import { FunctionBuilder } from '../../engine/functions/compile/function-builder.js';
import { FunctionDeployer } from '../../engine/functions/function-deployer.js';
import { FunctionRuntime } from '../../engine/functions/runtime/function-runtime.js';
import { DbTriggerDispatcher } from '../../engine/functions/triggers/db-trigger-dispatcher.js';
import { ScheduleTriggers } from '../../engine/functions/triggers/schedule-triggers.js';
import type { FunctionHooks, FunctionInvocation } from '../../server/function-hooks.js';
import { allFunctionNames, deployEach, type DeployOutcome } from './deploy-outcomes.js';
import { summarizeFunctions, type FunctionSummary } from './function-summaries.js';
import { FunctionWatcher } from './function-watcher.js';

export interface FunctionsHostOptions {
  project: LoadedProject;
  db: Database;
  commitFeed: CommitFeed;
  /** one line per event (rebuilds, build errors, worker replacements) */
  log: (line: string) => void;
  /** tests: a shorter quiet period before a rebuild */
  watchDebounceMs?: number;
}

export class FunctionsHost implements FunctionHooks {
  readonly runtime: FunctionRuntime;
  readonly #options: FunctionsHostOptions;
  readonly #deployer: FunctionDeployer;
  readonly #dbTriggers: DbTriggerDispatcher;
  readonly #schedules: ScheduleTriggers;
  readonly #watcher: FunctionWatcher;
  readonly #builder = new FunctionBuilder();

  private constructor(options: FunctionsHostOptions, runtime: FunctionRuntime) {
    const { project } = options;
    this.#options = options;
    this.runtime = runtime;
    this.#deployer = new FunctionDeployer({
      root: project.root,
      functionsDir: project.functionsDir,
      dataDir: project.dataDir,
      defaults: { timeout_ms: project.config.functions.timeout_ms, memory_mb: project.config.functions.memory_mb },
      runtime,
      builder: this.#builder,
    });
    this.#dbTriggers = new DbTriggerDispatcher(runtime, options.commitFeed);
    this.#schedules = new ScheduleTriggers(runtime);
    this.#watcher = new FunctionWatcher({
      functionsDir: project.functionsDir,
      redeploy: (name) => this.#redeployOnSave(name),
      onError: (message) => options.log(message),
      ...(options.watchDebounceMs === undefined ? {} : { debounceMs: options.watchDebounceMs }),
    });
  }

  static async start(options: FunctionsHostOptions): Promise<FunctionsHost> {
    const runtime = await FunctionRuntime.open({
      db: options.db,
      dataDir: options.project.dataDir,
      poolSize: options.project.config.functions.pool_size,
      onEvent: (line) => options.log(line),
    });
    return new FunctionsHost(options, runtime);
  }

  /** Starts watching functions/ (after the server answers), and says which functions are not deployed yet. */
  async startWatching(): Promise<void> {
    await this.#watcher.start();
    for (const name of this.#deployer.sourceNames()) {
      if (!this.runtime.get(name)) this.#options.log(`function ${name}: not deployed yet (\`aerodb deploy-function ${name}\`, or save it: serve redeploys on save)`);
    }
  }

  async invokeHttp(name: string, input: unknown, caller: Caller): Promise<FunctionInvocation> {
    const loaded = this.runtime.get(name);
    if (!loaded || !loaded.version.manifest.triggers.some((t) => 'http' in t)) {
      throw new AeroError('AERO_FUNCTION_NOT_FOUND', loaded ? `function "${name}" has no http trigger` : `no deployed function "${name}"`, {
        details: { function: name, deployed: loaded !== undefined },
        hint: loaded
          ? `Add {"http": {"method": "POST"}} to "triggers" in functions/${name}/function.json and deploy again.`
          : `Deploy it with \`aerodb deploy-function ${name}\`; \`aerodb functions list\` shows what is deployed.`,
      });
    }
    return this.runtime.invoke(name, input, { trigger: 'http', caller });
  }

  invoke(name: string, input: unknown): Promise<FunctionInvocation> {
    return this.runtime.invoke(name, input, { trigger: 'cli', caller: { kind: 'service' } });
  }

  deploy(names: string[] | 'all'): Promise<DeployOutcome[]> {
    const list = names === 'all' ? allFunctionNames(this.#deployer.sourceNames(), this.#options.project.functionsDir) : names;
    return deployEach(list, (name) => this.#deployer.deploy(name));
  }

  async list(): Promise<FunctionSummary[]> {
    const store = this.runtime.store;
    return summarizeFunctions(this.#deployer.sourceNames(), (name) => store.current(name), store.names());
  }

  async logs(name: string, options: { after?: number; limit?: number }): Promise<unknown> {
    return this.runtime.logs.read(name, options);
  }

  replay(invocationId: string): Promise<unknown> {
    return this.runtime.replay(invocationId);
  }

  /** Waits for rebuilds in flight and triggered invocations (tests). */
  async settle(): Promise<void> {
    await this.#watcher.settled();
    await this.#dbTriggers.settle();
  }

  async close(): Promise<void> {
    await this.#watcher.close();
    await this.#schedules.close();
    this.#dbTriggers.close();
    await this.#dbTriggers.settle();
    await this.#deployer.flush();
    await this.#builder.close();
    await this.runtime.close();
  }

  async #redeployOnSave(name: string): Promise<void> {
    const { log } = this.#options;
    const serving = this.runtime.get(name)?.version.version;
    try {
      const report = await this.#deployer.deploy(name);
      if (report.status === 'unchanged') return;
      const steps = report.steps.map((s) => `${s.step} ${formatMs(s.ms)}`).join(', ');
      log(`function ${name}: deployed v${report.version} in ${formatMs(report.total_ms)} (${steps})`);
      for (const warning of report.warnings) log(`function ${name}: warning: ${warning}`);
    } catch (error) {
      const keeps = serving === undefined ? 'nothing is deployed under that name' : `v${serving} keeps serving`;
      const text = error instanceof AeroError ? `${error.code}: ${error.message}` : String(error);
      log(`function ${name}: not deployed (${keeps}):\n${text}`);
    }
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
