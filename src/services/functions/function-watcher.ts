// `aerodb serve` rebuilds and redeploys a function when its files change (functions/<name>/**),
// after a quiet period (editors save in bursts). A failed build is reported and the deployed
// version keeps serving; the server never stops for it.
import type { FSWatcher } from 'chokidar';
import { relative, sep } from 'node:path';

export const FUNCTION_WATCH_DEBOUNCE_MS = 200;

export interface FunctionWatcherOptions {
  functionsDir: string;
  /** rebuild + redeploy one function (it reports its own outcome) */
  redeploy: (name: string) => Promise<void>;
  onError: (message: string) => void;
  debounceMs?: number;
}

export class FunctionWatcher {
  readonly #options: FunctionWatcherOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #fsWatcher: FSWatcher | null = null;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: FunctionWatcherOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { watch } = await import('chokidar');
    if (this.#closed) return;
    const fsWatcher = watch(this.#options.functionsDir, {
      ignoreInitial: true,
      ignored: (path: string) => path.endsWith('.tmp') || path.endsWith('~') || path.includes(`${sep}node_modules${sep}`),
    });
    this.#fsWatcher = fsWatcher;
    fsWatcher.on('all', (_event: string, path: string) => this.#changed(path));
    fsWatcher.on('error', (error: unknown) => this.#options.onError(`functions watcher: ${error instanceof Error ? error.message : String(error)}`));
    await new Promise<void>((resolve) => fsWatcher.once('ready', () => resolve()));
  }

  /** Resolves when every redeploy started so far has finished. */
  settled(): Promise<void> {
    return this.#queue;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await this.#fsWatcher?.close();
    await this.#queue;
  }

  #changed(path: string): void {
    const name = relative(this.#options.functionsDir, path).split(sep)[0];
    if (this.#closed || !name || name.startsWith('.') || name === '..') return;
    const pending = this.#timers.get(name);
    if (pending) clearTimeout(pending);
    this.#timers.set(
      name,
      setTimeout(() => {
        this.#timers.delete(name);
        // one build at a time: two functions saved together build one after the other
        this.#queue = this.#queue.then(() => this.#options.redeploy(name)).catch((error: unknown) => this.#options.onError(`redeploying ${name}: ${String(error)}`));
      }, this.#options.debounceMs ?? FUNCTION_WATCH_DEBOUNCE_MS),
    );
  }
}
