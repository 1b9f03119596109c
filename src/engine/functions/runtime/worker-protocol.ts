// Messages between the main thread (WorkerPool) and a guest worker (guest-worker.ts).

/**
 * Artifacts (compiled modules + one instance) a worker keeps, least recently used dropped first.
 * The pool mirrors the same LRU over the same call sequence, so it knows which calls must carry modules.
 */
export const MAX_LOADED_PER_WORKER = 16;

/** Log lines one invocation may send; the rest are counted and reported in one last line. */
export const MAX_LOGS_PER_INVOCATION = 1000;

/** What a worker gets at start: the db bridge (a port and a wake-up flag in shared memory). */
export interface GuestWorkerData {
  dbPort: import('node:worker_threads').MessagePort;
  /** Int32Array[1] over this: 0 = waiting for the main thread, 1 = the answer is on dbPort */
  dbFlag: SharedArrayBuffer;
}

export interface CallMessage {
  type: 'call';
  id: number;
  /** artifact identity: instances and compiled modules are cached by it */
  sha256: string;
  /** absolute path of the artifact's glue module */
  gluePath: string;
  /** compiled core modules, sent the first time this worker sees sha256 */
  modules: Record<string, import('./wasm-api.js').WasmModule> | null;
  memoryBytes: number;
  input: string;
  /** ms since the epoch: what now() and Date return for the whole invocation */
  now: number;
  /** seeds random() / Math.random() */
  seed: number;
  /** the allowed env vars that are set (name -> value) */
  env: Record<string, string>;
}

/** Instantiates an artifact ahead of its first call (after a deploy), so that call is warm. */
export interface PreloadMessage {
  type: 'preload';
  sha256: string;
  gluePath: string;
  modules: Record<string, import('./wasm-api.js').WasmModule>;
}

export type MainToWorker = CallMessage | PreloadMessage | { type: 'forget'; sha256: string };

export type GuestFailureKind = 'trap' | 'memory';

export interface GuestCounts {
  log: number;
  env_get: number;
  now: number;
  random: number;
}

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'log'; id: number; level: string; msg: string }
  | { type: 'result'; id: number; output: string; counts: GuestCounts }
  | { type: 'failure'; id: number; kind: GuestFailureKind; message: string; memory_bytes: number; counts: GuestCounts };

/** A db-query from the guest (on dbPort); the answer goes back on the same port. */
export interface DbRequestMessage {
  id: number;
  request: string;
}

export interface DbResponseMessage {
  response: string;
}
