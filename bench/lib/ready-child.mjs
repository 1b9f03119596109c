// A benchmark server in its own process: `node <script> ...args`, ready once it prints its first
// JSON line on stdout ({ url, ... }).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Spawns the script; `ready` resolves with its JSON line plus stop() (SIGTERM, resolves on exit)
 * and rejects if it exits first. `ipc` adds an IPC channel; `cpu` (a CPU number) runs it pinned to
 * that CPU with taskset (Linux).
 */
export function spawnReadyChild(scriptUrl, args, { ipc = false, cpu = null } = {}) {
  const command = [process.execPath, fileURLToPath(scriptUrl), ...args];
  if (cpu !== null) command.unshift('taskset', '-c', String(cpu));
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc'] : [])] });
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
