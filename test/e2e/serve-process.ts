// `aerodb serve` as a real child process (node bin/run.js, built dist) with its output collected.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  /** stdout and stderr so far */
  output(): string;
  /** resolves with the first output line matching `pattern` (rejects on exit or timeout) */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** resolves with the exit code (or the signal name) */
  exited: Promise<number | string>;
}

export function spawnServe(cwd: string, args: string[] = []): ServeProcess {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-ui', ...args], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const wake of waiters) wake();
  });
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) finish(() => resolve(line));
          else if (done) finish(() => reject(new Error(`serve exited before printing ${pattern}:\n${text}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${text}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Starts serve on a free port and waits until it is ready; returns the process and its URL. */
export async function startServeProcess(cwd: string, args: string[] = []): Promise<{ serve: ServeProcess; url: string }> {
  const serve = spawnServe(cwd, ['--port', '0', ...args]);
  const line = await serve.waitFor(/^\s+url\s+http:/);
  await serve.waitFor(/^Ready\./);
  return { serve, url: /(http:\/\/\S+)/.exec(line)![1]! };
}
