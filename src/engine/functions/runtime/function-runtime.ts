// The functions runtime over one open database: the deployed functions (compiled once per artifact
// sha256), the worker pool, invocation (limits, host calls, determinism inputs, records) and replay.
// Swapping a version is atomic: an invocation holds the version it started with until it ends.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Caller, CallSource, Database } from '../../database-types.js';
import { AeroError } from '../../errors/aero-error.js';
import { sha256Hex } from '../compile/artifact-hash.js';
import { compileModules } from '../compile/build-function.js';
import type { Capability } from '../function-manifest.js';
import { FunctionLogBook, type LogLevel } from '../store/function-log-book.js';
import { FunctionStore, type StoredVersion } from '../store/function-store.js';
import { InvocationJournal, MAX_RECORDED_INPUT, type InvocationRecord, type InvocationTrigger } from '../store/invocation-journal.js';
import { answerDbQuery } from './db-bridge.js';
import { guestWorkerUrl } from './guest-worker-script.js';
import { HostCallRecorder } from './host-call-recorder.js';
import { interpretOutcome } from './invocation-outcome.js';
import { replayInvocation, type GuestRun, type ReplayReport } from './replay-invocation.js';
import type { WasmModule } from './wasm-api.js';
import { WorkerPool, type PoolOutcome } from './worker-pool.js';

export interface FunctionRuntimeOptions {
  db: Database;
  dataDir: string;
  poolSize: number;
  /** invocations allowed to wait for a worker (default 1024) */
  maxQueue?: number;
  /** where env-get reads allowed names from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** the invocation's `now` in ms since the epoch (default Date.now) */
  clock?: () => number;
  /** the invocation's random seed (default 32 random bits) */
  seed?: () => number;
  /** runtime events for the server log (worker replaced, load failures) */
  onEvent?: (line: string) => void;
}

export interface LoadedFunction {
  version: StoredVersion;
  modules: ReadonlyMap<string, WasmModule>;
  capabilities: ReadonlySet<Capability>;
}

export interface InvokeOptions {
  trigger: InvocationTrigger;
  caller: Caller;
  /** how deep in a chain of db triggers this invocation is (0: not triggered by a function's write) */
  depth?: number;
}

export interface InvocationResult {
  invocation_id: string;
  function: string;
  version: number;
  /** what handle returned */
  value: unknown;
  duration_ms: number;
}

/** Set while a function's db-query runs: the commits it makes belong to this invocation. */
export interface InvocationCause {
  invocation_id: string;
  function: string;
  depth: number;
}

/** Inputs up to this size are copied into the operation-log entry's detail. */
const OPLOG_INPUT_CHARS = 1024;

const TRIGGER_SOURCE: Record<InvocationTrigger, CallSource> = { http: 'rest', cli: 'cli', db: 'internal', schedule: 'internal' };

export class FunctionRuntime {
  readonly store: FunctionStore;
  readonly logs: FunctionLogBook;
  readonly journal: InvocationJournal;
  readonly #options: FunctionRuntimeOptions;
  readonly #db: Database;
  readonly #pool: WorkerPool;
  readonly #loaded = new Map<string, LoadedFunction>();
  /** compiled modules per artifact sha256 (replays of older versions share them too) */
  readonly #compiled = new Map<string, ReadonlyMap<string, WasmModule>>();
  readonly #causes = new AsyncLocalStorage<InvocationCause>();
  readonly #activateListeners = new Set<(name: string, loaded: LoadedFunction | null) => void>();
  readonly #clock: () => number;
  readonly #seed: () => number;
  readonly #env: Readonly<Record<string, string | undefined>>;

  private constructor(options: FunctionRuntimeOptions, pool: WorkerPool) {
    this.#options = options;
    this.#db = options.db;
    this.#pool = pool;
    this.store = new FunctionStore(options.dataDir);
    const onError = (message: string) => options.onEvent?.(`functions: ${message}`);
    this.logs = new FunctionLogBook(this.store.root, onError);
    this.journal = new InvocationJournal(this.store.root, onError);
    this.#clock = options.clock ?? Date.now;
    this.#seed = options.seed ?? (() => randomBytes(4).readUInt32LE(0));
    this.#env = options.env ?? process.env;
  }

  /** Starts the pool and loads the current version of every deployed function. */
  static async open(options: FunctionRuntimeOptions): Promise<FunctionRuntime> {
    const pool = new WorkerPool({ size: options.poolSize, maxQueue: options.maxQueue ?? 1024, workerUrl: await guestWorkerUrl(), ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
    const runtime = new FunctionRuntime(options, pool);
    for (const name of runtime.store.names()) {
      try {
        const version = runtime.store.current(name);
        if (version) await runtime.activate(version);
      } catch (error) {
        options.onEvent?.(`function "${name}" was not loaded: ${(error as Error).message}`);
      }
    }
    return runtime;
  }

  /** Deployed functions, sorted by name. */
  functions(): LoadedFunction[] {
    return [...this.#loaded.keys()].sort().map((name) => this.#loaded.get(name)!);
  }

  get(name: string): LoadedFunction | undefined {
    return this.#loaded.get(name);
  }

  /** Makes `version` the one that serves its function (compiling its modules unless given). */
  async activate(version: StoredVersion, modules?: ReadonlyMap<string, WasmModule>): Promise<LoadedFunction> {
    const compiled = modules ?? (await this.#modulesOf(version));
    this.#compiled.set(version.sha256, compiled);
    const loaded: LoadedFunction = { version, modules: compiled, capabilities: new Set(version.manifest.capabilities) };
    const previous = this.#loaded.get(version.name);
    this.#loaded.set(version.name, loaded);
    if (previous && previous.version.sha256 !== version.sha256) this.#pool.forget(previous.version.sha256);
    this.#pool.preload({ sha256: version.sha256, gluePath: version.gluePath, modules: compiled });
    for (const listener of this.#activateListeners) listener(version.name, loaded);
    return loaded;
  }

  /** Hears of every activation (schedules re-arm from the new manifest). */
  onActivate(listener: (name: string, loaded: LoadedFunction | null) => void): () => void {
    this.#activateListeners.add(listener);
    return () => this.#activateListeners.delete(listener);
  }

  /** The invocation whose db-query is running now (for commits made by it), if any. */
  currentCause(): InvocationCause | undefined {
    return this.#causes.getStore();
  }

  /** Waits until every worker has started (tests, benchmarks). */
  warm(): Promise<void> {
    return this.#pool.warm();
  }

  poolStats(): ReturnType<WorkerPool['stats']> {
    return this.#pool.stats();
  }

  /** Runs `name` with `input` (any JSON value). Throws the invocation's AeroError when it fails. */
  async invoke(name: string, input: unknown, options: InvokeOptions): Promise<InvocationResult> {
    const loaded = this.#loaded.get(name);
    if (!loaded) {
      throw new AeroError('AERO_FUNCTION_NOT_FOUND', `no deployed function "${name}"`, {
        details: { function: name, deployed: [...this.#loaded.keys()].sort() },
        hint: `Deploy it with \`aerodb deploy-function ${name}\` (it needs functions/${name}/index.ts).`,
      });
    }
    const { version } = loaded;
    const inputText = JSON.stringify(input === undefined ? null : input);
    const id = this.journal.nextId();
    const now = this.#clock();
    const seed = this.#seed() >>> 0;
    const depth = options.depth ?? 0;
    const oplog = this.#db.oplog;
    const oplogStarted = oplog?.now();
    const started = performance.now();
    const recorder = new HostCallRecorder();
    const db = this.#db.withContext({ caller: options.caller, source: 'function', request_id: id });
    const cause: InvocationCause = { invocation_id: id, function: name, depth };
    const outcome = await this.#run(loaded, {
      input: inputText,
      now,
      seed,
      onLog: (level, message) => {
        recorder.log(level, message);
        this.logs.write({ timestamp: new Date(this.#clock()).toISOString(), function: name, version: version.version, invocation_id: id, level: logLevel(level), source: 'function', message });
      },
      onDbQuery: async (request) => {
        const answer = await this.#causes.run(cause, () => answerDbQuery(request, { db, function: name, capabilities: loaded.capabilities }));
        recorder.dbQuery(request, answer.response, answer.write);
        return answer.response;
      },
    });
    const durationMs = performance.now() - started;
    const interpreted = interpretOutcome(outcome, { function: name, version: version.version, invocation_id: id, timeoutMs: version.manifest.timeout_ms, memoryMb: version.manifest.memory_mb });
    const error = 'error' in interpreted ? interpreted.error : null;
    const record: InvocationRecord = {
      id,
      function: name,
      version: version.version,
      sha256: version.sha256,
      trigger: options.trigger,
      caller: options.caller,
      started_at: new Date(now).toISOString(),
      now,
      seed,
      input: inputText.length <= MAX_RECORDED_INPUT ? inputText : null,
      input_sha256: sha256Hex(inputText),
      status: error ? 'error' : 'ok',
      error_code: error?.code ?? null,
      output_sha256: outcome.kind === 'output' ? sha256Hex(outcome.output) : null,
      duration_ms: round(durationMs),
      host_calls: recorder.calls,
      host_calls_total: recorder.total,
      counts: outcome.counts ? { env_get: outcome.counts.env_get, now: outcome.counts.now, random: outcome.counts.random } : null,
    };
    this.journal.append(record);
    oplog?.append({
      operation: 'function',
      collection: null,
      ctx: { caller: options.caller, source: TRIGGER_SOURCE[options.trigger], request_id: id },
      ...(oplogStarted === undefined ? {} : { startedMs: oplogStarted }),
      durationMs,
      ...(error ? { error } : {}),
      detail: JSON.stringify({
        function: name,
        version: version.version,
        trigger: options.trigger,
        input_sha256: record.input_sha256,
        // small inputs inline (the invocation journal has every input up to 64 KiB, for replay)
        input: inputText.length <= OPLOG_INPUT_CHARS ? input ?? null : null,
        output_sha256: record.output_sha256,
        now,
        seed,
        host_calls: recorder.total,
        logs: recorder.firstLogs,
      }),
    });
    if (error) {
      this.logs.write({ timestamp: new Date(this.#clock()).toISOString(), function: name, version: version.version, invocation_id: id, level: 'error', source: 'aerodb', message: `${error.code}: ${error.message}` });
      throw error;
    }
    return { invocation_id: id, function: name, version: version.version, value: (interpreted as { value: unknown }).value, duration_ms: round(durationMs) };
  }

  /** Runs a recorded invocation again against the current state and compares (see replay-invocation.ts). */
  async replay(invocationId: string): Promise<ReplayReport> {
    const record = this.journal.find(invocationId);
    if (!record) {
      throw new AeroError('AERO_FUNCTION_INVOCATION_NOT_FOUND', `no recorded invocation "${invocationId}"`, {
        details: { invocation_id: invocationId },
      });
    }
    const version = this.store.version(record.function, record.version);
    if (!version) {
      throw new AeroError('AERO_FUNCTION_INVOCATION_NOT_FOUND', `invocation ${invocationId} ran function "${record.function}" v${record.version}, which is no longer kept`, {
        details: { invocation_id: invocationId, function: record.function, version: record.version },
        hint: 'Only the newest versions of a function are kept; replay a more recent invocation.',
      });
    }
    const loaded: LoadedFunction = { version, modules: await this.#modulesOf(version), capabilities: new Set(version.manifest.capabilities) };
    const run: GuestRun = (job) => this.#run(loaded, job);
    return replayInvocation(record, loaded, run, this.#db);
  }

  async close(): Promise<void> {
    await this.#pool.close();
    await Promise.all([this.logs.flush(), this.journal.flush()]);
  }

  #run(loaded: LoadedFunction, job: Parameters<GuestRun>[0]): Promise<PoolOutcome> {
    const { version } = loaded;
    const env: Record<string, string> = {};
    for (const key of version.manifest.env) {
      const value = this.#env[key];
      if (value !== undefined) env[key] = value;
    }
    return this.#pool.run({
      sha256: version.sha256,
      gluePath: version.gluePath,
      modules: loaded.modules,
      memoryBytes: version.manifest.memory_mb * 1024 * 1024,
      timeoutMs: version.manifest.timeout_ms,
      env,
      ...job,
    });
  }

  async #modulesOf(version: StoredVersion): Promise<ReadonlyMap<string, WasmModule>> {
    const cached = this.#compiled.get(version.sha256);
    if (cached) return cached;
    const modules = await compileModules(version.name, this.store.readFiles(version));
    this.#compiled.set(version.sha256, modules);
    return modules;
  }
}

function logLevel(level: string): LogLevel {
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
