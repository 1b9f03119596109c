// Builds for a long-running process (`aerodb serve`): bundle, componentize and transpile run in a
// worker thread kept warm between builds (and ended after a minute idle: it holds a few hundred MB),
// verify compiles on the calling thread (asynchronously) so the runtime can reuse the modules.
// Without a compiled build-worker.js (running from the TypeScript sources) it builds in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AeroError, type AeroErrorJSON } from '../../errors/aero-error.js';
import { buildFunction, verifyArtifact, type BuildSource, type BuildStepEvent, type BuiltArtifact, type BuiltFunction } from './build-function.js';
import type { BuildRequest } from './build-worker.js';

const IDLE_MS = 60_000;

type WorkerReply = { id: number; type: 'step'; event: BuildStepEvent } | { id: number; type: 'done'; artifact: BuiltArtifact | null } | { id: number; type: 'error'; error: AeroErrorJSON };

export interface BuilderJob {
  current: { bundle_sha256: string; manifest: string } | null;
  onStep?: (event: BuildStepEvent) => void;
}

export class FunctionBuilder {
  readonly #script: URL | null;
  #worker: Worker | null = null;
  #idle: NodeJS.Timeout | null = null;
  #nextId = 1;
  /** builds run one at a time (each already uses a core) */
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    const compiled = new URL('./build-worker.js', import.meta.url);
    this.#script = existsSync(fileURLToPath(compiled)) ? compiled : null;
  }

  build(source: BuildSource, root: string, job: BuilderJob): Promise<BuiltFunction | null> {
    const run = this.#queue.then(() => this.#build(source, root, job));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#queue;
    if (this.#idle) clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  async #build(source: BuildSource, root: string, job: BuilderJob): Promise<BuiltFunction | null> {
    const unchanged = (bundleSha: string, manifest: unknown) => job.current !== null && job.current.bundle_sha256 === bundleSha && job.current.manifest === JSON.stringify(manifest);
    if (this.#script === null) return buildFunction(source, root, { unchanged, ...(job.onStep ? { onStep: job.onStep } : {}) });
    const artifact = await this.#inWorker(this.#script, { id: this.#nextId++, source, root, current: job.current }, job.onStep);
    return artifact === null ? null : verifyArtifact(artifact, job.onStep);
  }

  #inWorker(script: URL, request: BuildRequest, onStep: ((event: BuildStepEvent) => void) | undefined): Promise<BuiltArtifact | null> {
    if (this.#idle) clearTimeout(this.#idle);
    const worker = (this.#worker ??= new Worker(script));
    return new Promise<BuiltArtifact | null>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== request.id) return;
        if (reply.type === 'step') {
          onStep?.(reply.event);
          return;
        }
        cleanup();
        if (reply.type === 'done') resolve(reply.artifact === null ? null : { ...reply.artifact, files: new Map(reply.artifact.files) });
        else reject(new AeroError(reply.error.code, reply.error.message, { details: reply.error.details, hint: reply.error.hint }));
      };
      const onExit = (code: number) => {
        cleanup();
        this.#worker = null;
        reject(new AeroError('AERO_FUNCTION_BUILD_FAILED', `the build worker for function "${request.source.name}" exited with code ${code}`, { details: { function: request.source.name } }));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        this.#idle = setTimeout(() => void this.#retire(worker), IDLE_MS);
        this.#idle.unref();
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  async #retire(worker: Worker): Promise<void> {
    if (this.#worker !== worker) return;
    this.#worker = null;
    await worker.terminate();
  }
}
