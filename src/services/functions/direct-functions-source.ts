import type { LoadedProject } from '../../config/load-config.js';
import { openDatabase } from '../../engine/database.js';
import { FunctionDeployer } from '../../engine/functions/function-deployer.js';
import { FunctionRuntime } from '../../engine/functions/runtime/function-runtime.js';
import { FunctionLogBook } from '../../engine/functions/store/function-log-book.js';
import { FunctionStore } from '../../engine/functions/store/function-store.js';
import { projectDatabaseOptions } from '../data-source/direct-data-source.js';
import { allFunctionNames, deployEach } from './deploy-outcomes.js';
import { summarizeFunctions } from './function-summaries.js';
import type { FunctionsSource } from './functions-source.js';

/**
 * No server runs: deploys go straight to the store in the data directory (the next `aerodb serve`
 * loads them); invoke and replay open the database (taking its lock) with a one-worker runtime.
 */
export class DirectFunctionsSource implements FunctionsSource {
  readonly mode = 'direct' as const;
  readonly #project: LoadedProject;
  readonly #store: FunctionStore;
  readonly #deployer: FunctionDeployer;

  constructor(project: LoadedProject) {
    this.#project = project;
    this.#store = new FunctionStore(project.dataDir);
    this.#deployer = new FunctionDeployer({
      root: project.root,
      functionsDir: project.functionsDir,
      dataDir: project.dataDir,
      defaults: { timeout_ms: project.config.functions.timeout_ms, memory_mb: project.config.functions.memory_mb },
    });
  }

  deploy: FunctionsSource['deploy'] = async (names, onStep) => {
    const list = names === 'all' ? allFunctionNames(this.#deployer.sourceNames(), this.#project.functionsDir) : names;
    const outcomes = await deployEach(list, (name) => this.#deployer.deploy(name, onStep ? (event) => onStep(name, event) : undefined));
    await this.#deployer.flush();
    return outcomes;
  };

  list: FunctionsSource['list'] = async () => summarizeFunctions(this.#deployer.sourceNames(), (name) => this.#store.current(name), this.#store.names());

  /** A fresh read of the log file each time (`--follow` polls). */
  logs: FunctionsSource['logs'] = async (name, options) => new FunctionLogBook(this.#store.root, () => undefined).read(name, options);

  invoke: FunctionsSource['invoke'] = (name, input) => this.#withRuntime((runtime) => runtime.invoke(name, input, { trigger: 'cli', caller: { kind: 'service' } }));

  replay: FunctionsSource['replay'] = (id) => this.#withRuntime((runtime) => runtime.replay(id));

  async close(): Promise<void> {}

  async #withRuntime<T>(work: (runtime: FunctionRuntime) => Promise<T>): Promise<T> {
    const db = await openDatabase(projectDatabaseOptions(this.#project));
    try {
      const runtime = await FunctionRuntime.open({ db, dataDir: this.#project.dataDir, poolSize: 1 });
      try {
        return await work(runtime);
      } finally {
        await runtime.close();
      }
    } finally {
      await db.close();
    }
  }
}
