// The pool of warm guest workers. Invocations queue FIFO and run one per worker. Each has a hard
// wall-clock limit: past it the worker is terminated (an infinite loop cannot be interrupted any
// other way) and a fresh one takes its slot. db-queries from a worker are answered here, on the
// main thread, through the job's handler.
import { performance } from 'node:perf_hooks';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { AeroError } from '../../errors/aero-error.js';
import type { WasmModule } from './wasm-api.js';
import { MAX_LOADED_PER_WORKER, type CallMessage, type DbRequestMessage, type GuestCounts, type GuestFailureKind, type GuestWorkerData, type WorkerToMain } from './worker-protocol.js';

export interface PoolJob {
  sha256: string;
  gluePath: string;
  modules: ReadonlyMap<string, WasmModule>;
  memoryBytes: number;
  timeoutMs: number;
  input: string;
  now: number;
  seed: number;
  env: Record<string, string>;
  onLog(level: string, msg: string): void;
  /** answers one db-query (JSON in, JSON out); never rejects */
  onDbQuery(request: string): Promise<string>;
}

export type PoolOutcome =
  | { kind: 'output'; output: string; counts: GuestCounts; durationMs: number }
  | { kind: GuestFailureKind | 'timeout' | 'crash'; message: string; memoryBytes: number; counts: GuestCounts | null; durationMs: number };

export interface WorkerPoolOptions {
  size: number;
  /** invocations allowed to wait for a worker; more are refused with AERO_FUNCTION_BUSY */
  maxQueue: number;
  workerUrl: URL;
  /** pool events worth a line in the server log (worker replaced, crashed) */
  onEvent?: (line: string) => void;
}

export interface WorkerPoolStats {
  size: number;
  busy: number;
  queued: number;
  replaced: number;
}

interface Running {
  id: number;
  job: PoolJob;
  startedMs: number;
  timer: NodeJS.Timeout;
  resolve(outcome: PoolOutcome): void;
}

interface Queued {
  job: PoolJob;
  resolve(outcome: PoolOutcome): void;
}

/** Mirrors the worker's artifact LRU so a call carries the compiled modules exactly when needed. */
class SentArtifacts {
  readonly #order = new Set<string>();

  /** true when the worker already holds sha256 (and marks it most recently used) */
  touch(sha256: string): boolean {
    const known = this.#order.delete(sha256);
    this.#order.add(sha256);
    while (this.#order.size > MAX_LOADED_PER_WORKER) this.#order.delete(this.#order.values().next().value!);
    return known;
  }

  forget(sha256: string): void {
    this.#order.delete(sha256);
  }
}

class Slot {
  readonly worker: Worker;
  readonly sent = new SentArtifacts();
  readonly ready: Promise<void>;
  readonly #dbPort: MessagePort;
  readonly #flag: Int32Array;
  running: Running | null = null;
  isReady = false;
  dead = false;

  constructor(url: URL, onMessage: (slot: Slot, message: WorkerToMain) => void, onExit: (slot: Slot, reason: string) => void) {
    const channel = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    this.#dbPort = channel.port1;
    this.#flag = new Int32Array(flag);
    const data: GuestWorkerData = { dbPort: channel.port2, dbFlag: flag };
    this.worker = new Worker(url, {
      workerData: data,
      transferList: [channel.port2],
      // the JS heap of the glue and of inputs/outputs; wasm memory is capped in the modules
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (message: WorkerToMain) => {
        if (message.type === 'ready') {
          this.isReady = true;
          resolve();
        } else onMessage(this, message);
      });
    });
    this.worker.on('error', (error) => onExit(this, `worker error: ${error.message}`));
    this.worker.on('exit', (code) => onExit(this, `worker exited with code ${code}`));
    this.#dbPort.on('message', (message: DbRequestMessage) => void this.#answerDb(message));
    this.#dbPort.unref();
  }

  async #answerDb(message: DbRequestMessage): Promise<void> {
    const running = this.running;
    const response = running && running.id === message.id ? await running.job.onDbQuery(message.request) : JSON.stringify({ error: { code: 'AERO_INTERNAL', message: 'db-query outside its invocation' } });
    if (this.dead) return;
    this.#dbPort.postMessage({ response });
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
  }

  kill(): Promise<number> {
    this.dead = true;
    this.#dbPort.close();
    return this.worker.terminate();
  }
}

export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Queued[] = [];
  #nextId = 1;
  #replaced = 0;
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    for (let i = 0; i < options.size; i++) this.#slots.push(this.#spawn());
  }

  /** Resolves once every worker has started (tests and benchmarks; invocations never need to wait for it). */
  async warm(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.ready));
  }

  run(job: PoolJob): Promise<PoolOutcome> {
    if (this.#closed) return Promise.reject(new AeroError('AERO_STORAGE_CLOSED', 'the function runtime is shut down'));
    if (this.#queue.length >= this.#options.maxQueue) {
      return Promise.reject(
        new AeroError('AERO_FUNCTION_BUSY', `${this.#queue.length} invocations are already waiting for one of ${this.#slots.length} function workers`, {
          details: { queued: this.#queue.length, pool_size: this.#slots.length },
        }),
      );
    }
    return new Promise((resolve) => {
      this.#queue.push({ job, resolve });
      this.#pump();
    });
  }

  /** Every worker instantiates the artifact now, so its first invocation does not pay for it. */
  preload(artifact: { sha256: string; gluePath: string; modules: ReadonlyMap<string, WasmModule> }): void {
    for (const slot of this.#slots) {
      if (slot.dead || slot.sent.touch(artifact.sha256)) continue;
      slot.worker.postMessage({ type: 'preload', sha256: artifact.sha256, gluePath: artifact.gluePath, modules: Object.fromEntries(artifact.modules) });
    }
  }

  /** Workers drop their instance of an artifact no longer deployed. */
  forget(sha256: string): void {
    for (const slot of this.#slots) {
      slot.sent.forget(sha256);
      if (!slot.dead) slot.worker.postMessage({ type: 'forget', sha256 });
    }
  }

  stats(): WorkerPoolStats {
    return { size: this.#slots.length, busy: this.#slots.filter((s) => s.running !== null).length, queued: this.#queue.length, replaced: this.#replaced };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const queued of this.#queue.splice(0)) queued.resolve({ kind: 'crash', message: 'the function runtime shut down before the invocation started', memoryBytes: 0, counts: null, durationMs: 0 });
    await Promise.all(
      this.#slots.map(async (slot) => {
        const running = slot.running;
        await slot.kill();
        if (running) this.#finish(slot, { kind: 'crash', message: 'the function runtime shut down during the invocation', memoryBytes: 0, counts: null, durationMs: performance.now() - running.startedMs });
      }),
    );
  }

  #spawn(): Slot {
    const slot = new Slot(
      this.#options.workerUrl,
      (s, message) => this.#onMessage(s, message),
      (s, reason) => this.#onExit(s, reason),
    );
    void slot.ready.then(() => this.#pump());
    return slot;
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((s) => s.isReady && !s.dead && s.running === null);
      if (!slot) return;
      this.#start(slot, this.#queue.shift()!);
    }
  }

  #start(slot: Slot, { job, resolve }: Queued): void {
    const id = this.#nextId++;
    const known = slot.sent.touch(job.sha256);
    const message: CallMessage = {
      type: 'call',
      id,
      sha256: job.sha256,
      gluePath: job.gluePath,
      modules: known ? null : Object.fromEntries(job.modules),
      memoryBytes: job.memoryBytes,
      input: job.input,
      now: job.now,
      seed: job.seed,
      env: job.env,
    };
    const startedMs = performance.now();
    const timer = setTimeout(() => void this.#timeout(slot, id), job.timeoutMs);
    slot.running = { id, job, startedMs, timer, resolve };
    slot.worker.postMessage(message);
  }

  #onMessage(slot: Slot, message: WorkerToMain): void {
    const running = slot.running;
    if (!running || message.type === 'ready' || message.id !== running.id) return;
    if (message.type === 'log') {
      running.job.onLog(message.level, message.msg);
      return;
    }
    const durationMs = performance.now() - running.startedMs;
    if (message.type === 'result') this.#finish(slot, { kind: 'output', output: message.output, counts: message.counts, durationMs });
    else this.#finish(slot, { kind: message.kind, message: message.message, memoryBytes: message.memory_bytes, counts: message.counts, durationMs });
  }

  async #timeout(slot: Slot, id: number): Promise<void> {
    const running = slot.running;
    if (!running || running.id !== id || slot.dead) return;
    this.#replace(slot);
    await slot.kill();
    this.#finish(slot, { kind: 'timeout', message: `stopped after ${running.job.timeoutMs} ms`, memoryBytes: 0, counts: null, durationMs: performance.now() - running.startedMs });
  }

  #onExit(slot: Slot, reason: string): void {
    if (slot.dead || this.#closed) return;
    slot.dead = true;
    this.#options.onEvent?.(`function worker replaced: ${reason}`);
    this.#replace(slot);
    const running = slot.running;
    // the JS heap limit (resourceLimits) ends the worker instead of trapping
    const memory = /out of memory/i.test(reason);
    if (running) this.#finish(slot, { kind: memory ? 'memory' : 'crash', message: reason, memoryBytes: 0, counts: null, durationMs: performance.now() - running.startedMs });
  }

  /** A fresh worker takes the slot of one that is going away. */
  #replace(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0 || this.#closed) return;
    this.#replaced++;
    this.#slots[index] = this.#spawn();
  }

  #finish(slot: Slot, outcome: PoolOutcome): void {
    const running = slot.running;
    if (!running) return;
    clearTimeout(running.timer);
    slot.running = null;
    running.resolve(outcome);
    this.#pump();
  }
}
