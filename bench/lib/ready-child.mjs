// A benchmark server in its own process: `node <script> ...args`, ready once it prints its first
// JSON line on stdout ({ url, ... }).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Spawns the script; `ready` resolves with its JSON line plus stop() (SIGTERM, resolves on exit)
 * and rejects if it exits first. `ipc` adds an IPC channel.
 */
export function spawnReadyChild(scriptUrl, args, { ipc = false } = {}) {
  const child = spawn(process.execPath, [fileURLToPath(scriptUrl), ...args], { stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc'] : [])] });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ ...JSON.parse(line), stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`${fileURLToPath(scriptUrl)} ${args[0] ?? ''} exited with ${code} before it was ready`)));
  });
  return { child, ready };
}
