// A guest worker: runs function components for the pool, one invocation at a time. The host
// functions read the current invocation (its env, fixed now, seeded random); db-query blocks this
// thread on Atomics.wait while the main thread's engine answers, so it is synchronous to the guest.
// A trap poisons a component instance: it is dropped and a fresh one made before the next call.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { seededRandom } from './seeded-random.js';
import { wasm, type WasmMemory, type WasmModule } from './wasm-api.js';
import { enableWasmFeatures } from './wasm-features.js';
import { MAX_LOADED_PER_WORKER as MAX_LOADED, MAX_LOGS_PER_INVOCATION, type CallMessage, type DbResponseMessage, type GuestCounts, type GuestWorkerData, type MainToWorker, type WorkerToMain } from './worker-protocol.js';

enableWasmFeatures();

interface GuestInstance {
  handle(input: string): string;
}

interface Loaded {
  gluePath: string;
  modules: Record<string, WasmModule>;
  instance: GuestInstance | null;
  memories: WasmMemory[];
}

type Instantiate = (
  getCoreModule: (path: string) => WasmModule,
  imports: Record<string, unknown>,
  instantiateCore: (module: WasmModule, imports?: Record<string, unknown>) => Promise<{ exports: Record<string, unknown> }>,
) => Promise<GuestInstance>;


class GuestWorker {
  readonly #port = parentPort!;
  readonly #data = workerData as GuestWorkerData;
  readonly #flag = new Int32Array(this.#data.dbFlag);
  readonly #loaded = new Map<string, Loaded>();
  #call: CallMessage | null = null;
  #random: () => number = () => 0;
  #counts: GuestCounts = { log: 0, env_get: 0, now: 0, random: 0 };
  #queue: Promise<void> = Promise.resolve();

  readonly #host = {
    log: (level: string, msg: string): void => {
      const n = ++this.#counts.log;
      if (n > MAX_LOGS_PER_INVOCATION) return;
      const id = this.#call?.id ?? -1;
      if (n === MAX_LOGS_PER_INVOCATION) this.#post({ type: 'log', id, level: 'warn', msg: `log limit reached: ${MAX_LOGS_PER_INVOCATION - 1} lines were logged, later ones of this invocation are dropped` });
      else this.#post({ type: 'log', id, level: String(level), msg: String(msg) });
    },
    dbQuery: (request: string): string => this.#dbQuery(String(request)),
    envGet: (key: string): string | undefined => {
      this.#counts.env_get++;
      const env = this.#call?.env ?? {};
      return Object.hasOwn(env, key) ? env[key] : undefined;
    },
    now: (): bigint => {
      this.#counts.now++;
      return BigInt(this.#call?.now ?? 0);
    },
    random: (): number => {
      this.#counts.random++;
      return this.#random();
    },
  };

  start(): void {
    this.#port.on('message', (message: MainToWorker) => {
      this.#queue = this.#queue.then(() => this.#onMessage(message));
    });
    this.#post({ type: 'ready' });
  }

  async #onMessage(message: MainToWorker): Promise<void> {
    if (message.type === 'forget') {
      this.#loaded.delete(message.sha256);
      return;
    }
    if (message.type === 'preload') {
      // a failure here is reported by the first call, which tries again
      await this.#load(message).catch(() => undefined);
      return;
    }
    const call = message;
    this.#call = call;
    this.#random = seededRandom(call.seed);
    this.#counts = { log: 0, env_get: 0, now: 0, random: 0 };
    let loaded: Loaded;
    try {
      loaded = await this.#load(call);
    } catch (error) {
      this.#post({ type: 'failure', id: call.id, kind: 'trap', message: `instantiating the component failed: ${describe(error)}`, memory_bytes: 0, counts: this.#counts });
      return;
    }
    let output: string;
    try {
      output = loaded.instance!.handle(call.input);
    } catch (error) {
      // the instance is poisoned ("cannot enter component instance" from now on): replace it
      const memoryBytes = Math.max(0, ...loaded.memories.map((m) => m.buffer.byteLength));
      loaded.instance = null;
      const kind = memoryBytes >= call.memoryBytes * 0.9 ? 'memory' : 'trap';
      this.#post({ type: 'failure', id: call.id, kind, message: describe(error), memory_bytes: memoryBytes, counts: this.#counts });
      this.#call = null;
      await this.#instantiate(loaded).catch(() => undefined);
      return;
    }
    this.#post({ type: 'result', id: call.id, output, counts: this.#counts });
    this.#call = null;
    // QuickJS caught its own allocation failure: the instance lives, but its memory never shrinks
    if (output.startsWith('{"error":') && output.includes('"out of memory"')) await this.#instantiate(loaded).catch(() => (loaded.instance = null));
  }

  async #load(call: Pick<CallMessage, 'sha256' | 'gluePath' | 'modules'>): Promise<Loaded> {
    let loaded = this.#loaded.get(call.sha256);
    if (loaded) {
      // most recently used last
      this.#loaded.delete(call.sha256);
      this.#loaded.set(call.sha256, loaded);
    } else {
      if (call.modules === null) throw new Error(`artifact ${call.sha256} was not sent to this worker`);
      loaded = { gluePath: call.gluePath, modules: call.modules, instance: null, memories: [] };
      this.#loaded.set(call.sha256, loaded);
      while (this.#loaded.size > MAX_LOADED) this.#loaded.delete(this.#loaded.keys().next().value!);
    }
    if (loaded.instance === null) await this.#instantiate(loaded);
    return loaded;
  }

  async #instantiate(loaded: Loaded): Promise<void> {
    const glue = (await import(pathToFileURL(loaded.gluePath).href)) as { instantiate: Instantiate };
    const memories: WasmMemory[] = [];
    loaded.instance = await glue.instantiate(
      (path) => {
        const module = loaded.modules[path];
        if (!module) throw new Error(`the artifact has no core module ${path}`);
        return module;
      },
      { 'aerodb:function/host': this.#host },
      async (module, imports) => {
        const instance = await wasm.instantiate(module, imports);
        for (const value of Object.values(instance.exports)) if (value instanceof wasm.Memory) memories.push(value);
        return instance;
      },
    );
    loaded.memories = memories;
  }

  #dbQuery(request: string): string {
    const call = this.#call;
    if (call === null) throw new Error('db-query outside an invocation');
    Atomics.store(this.#flag, 0, 0);
    this.#data.dbPort.postMessage({ id: call.id, request });
    for (;;) {
      Atomics.wait(this.#flag, 0, 0);
      const reply = receiveMessageOnPort(this.#data.dbPort) as { message: DbResponseMessage } | undefined;
      if (reply) return reply.message.response;
    }
  }

  #post(message: WorkerToMain): void {
    this.#port.postMessage(message);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.message}`;
  return String(error);
}

new GuestWorker().start();
