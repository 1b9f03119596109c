// The e2e suites' shared setup: a temp directory for the suite, `aerodb init` projects in it, and
// `aerodb serve` processes that are killed after each test if the test left them running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { runCli } from './run-cli.js';
import { startServeProcess, type ServeProcess } from './serve-process.js';

export interface E2eWorkspace {
  /** `aerodb init <name>` in the suite's directory; the project's path */
  init(name: string): string;
  /** `aerodb serve` in `app`, ready; killed after the test unless stopped */
  start(app: string, args?: string[]): Promise<{ serve: ServeProcess; url: string }>;
  /** sends `signal` and waits for the exit code (or signal name) */
  stop(serve: ServeProcess, signal: NodeJS.Signals): Promise<number | string>;
}

/** Registers the suite's hooks (call at the top level of a test file). */
export function useE2eWorkspace(prefix: string): E2eWorkspace {
  let dir = '';
  const running = new Set<ServeProcess>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const serve of running) {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
    running.clear();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    init(name) {
      const r = runCli(['init', name], dir);
      expect(r.code, r.stderr).toBe(0);
      return join(dir, name);
    },
    async start(app, args = []) {
      const started = await startServeProcess(app, args);
      running.add(started.serve);
      return started;
    },
    async stop(serve, signal) {
      serve.child.kill(signal);
      const code = await serve.exited;
      running.delete(serve);
      return code;
    },
  };
}
