// Deploys functions/<name>: build (bundle -> componentize -> transpile -> verify), store the next
// version, make it current, and swap it into the runtime when one is running. Deploys of one
// function run one at a time; a failure at any step leaves the deployed version serving.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFunction, readFunctionSource, type BuildStep, type BuildStepEvent } from './compile/build-function.js';
import type { FunctionBuilder } from './compile/function-builder.js';
import type { FunctionTrigger, ManifestDefaults } from './function-manifest.js';
import type { FunctionRuntime } from './runtime/function-runtime.js';
import { FunctionLogBook } from './store/function-log-book.js';
import { FunctionStore } from './store/function-store.js';

export interface DeployReport {
  function: string;
  /** "unchanged": the bundle and function.json equal the current version's, nothing was replaced */
  status: 'deployed' | 'unchanged';
  version: number;
  previous_version: number | null;
  sha256: string;
  /** total bytes of the artifact (glue + core modules) */
  bytes: number;
  memory_mb: number;
  timeout_ms: number;
  triggers: FunctionTrigger[];
  steps: Array<{ step: BuildStep; ms: number }>;
  total_ms: number;
  warnings: string[];
  /** true when a running server now serves this version */
  live: boolean;
}

export interface FunctionDeployerOptions {
  /** project root (paths in messages are relative to it) */
  root: string;
  functionsDir: string;
  dataDir: string;
  defaults: ManifestDefaults;
  /** the running runtime to swap new versions into (serve); absent: store only */
  runtime?: FunctionRuntime;
  /** deployed_at timestamps (default Date.now) */
  clock?: () => number;
  /** builds off the main thread (serve); absent: in this thread */
  builder?: FunctionBuilder;
}

export class FunctionDeployer {
  readonly #options: FunctionDeployerOptions;
  readonly #store: FunctionStore;
  readonly #logs: FunctionLogBook;
  /** per function: the deploy in progress (the next one waits for it) */
  readonly #inProgress = new Map<string, Promise<unknown>>();

  constructor(options: FunctionDeployerOptions) {
    this.#options = options;
    this.#store = options.runtime?.store ?? new FunctionStore(options.dataDir);
    this.#logs = options.runtime?.logs ?? new FunctionLogBook(this.#store.root, () => undefined);
  }

  /** Names of the functions in functions/ (directories with index.ts or index.js), sorted. */
  sourceNames(): string[] {
    const dir = this.#options.functionsDir;
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && ['index.ts', 'index.js'].some((file) => existsSync(join(dir, entry.name, file))))
      .map((entry) => entry.name)
      .sort();
  }

  deploy(name: string, onStep?: (event: BuildStepEvent) => void): Promise<DeployReport> {
    const previous = this.#inProgress.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#deploy(name, onStep));
    this.#inProgress.set(name, next);
    void next.finally(() => {
      if (this.#inProgress.get(name) === next) this.#inProgress.delete(name);
    }).catch(() => undefined);
    return next;
  }

  /** Waits for deploys in progress, then writes pending logs. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#inProgress.values()]);
    await this.#logs.flush();
  }

  async #deploy(name: string, onStep?: (event: BuildStepEvent) => void): Promise<DeployReport> {
    const { root, functionsDir, defaults, runtime } = this.#options;
    const started = performance.now();
    const source = readFunctionSource(functionsDir, name, root, defaults);
    const current = this.#store.current(name);
    let built;
    try {
      const builder = this.#options.builder;
      built = builder
        ? await builder.build(source, root, { current: current && { bundle_sha256: current.bundle_sha256, manifest: JSON.stringify(current.manifest) }, ...(onStep ? { onStep } : {}) })
        : await buildFunction(source, root, {
            ...(onStep ? { onStep } : {}),
            unchanged: (bundleSha, manifest) => current !== null && current.bundle_sha256 === bundleSha && JSON.stringify(manifest) === JSON.stringify(current.manifest),
          });
    } catch (error) {
      this.#log(name, current?.version ?? null, 'error', `deploy failed: ${(error as Error).message}`);
      throw error;
    }
    const clock = this.#options.clock ?? Date.now;
    if (built === null) {
      const unchanged = current!;
      return {
        function: name,
        status: 'unchanged',
        version: unchanged.version,
        previous_version: unchanged.version,
        sha256: unchanged.sha256,
        bytes: unchanged.files.reduce((n, f) => n + f.bytes, 0),
        memory_mb: unchanged.manifest.memory_mb,
        timeout_ms: unchanged.manifest.timeout_ms,
        triggers: unchanged.manifest.triggers,
        steps: [],
        total_ms: performance.now() - started,
        warnings: [],
        live: runtime?.get(name)?.version.sha256 === unchanged.sha256,
      };
    }
    const stored = this.#store.save(built, new Date(clock()).toISOString());
    if (runtime) await runtime.activate(stored, built.modules);
    const report: DeployReport = {
      function: name,
      status: 'deployed',
      version: stored.version,
      previous_version: current?.version ?? null,
      sha256: stored.sha256,
      bytes: stored.files.reduce((n, f) => n + f.bytes, 0),
      memory_mb: stored.manifest.memory_mb,
      timeout_ms: stored.manifest.timeout_ms,
      triggers: stored.manifest.triggers,
      steps: built.steps,
      total_ms: performance.now() - started,
      warnings: built.log.filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length)),
      live: runtime !== undefined,
    };
    this.#log(name, stored.version, 'info', `deployed v${stored.version} (sha256 ${stored.sha256.slice(0, 12)}, ${report.bytes} bytes) in ${report.total_ms.toFixed(0)} ms`);
    return report;
  }

  #log(name: string, version: number | null, level: 'info' | 'error', message: string): void {
    const clock = this.#options.clock ?? Date.now;
    this.#logs.write({ timestamp: new Date(clock()).toISOString(), function: name, version, invocation_id: null, level, source: 'aerodb', message });
  }
}
