// `npm start`: scaffolds a demo project into ./demo (gitignored) when it is absent, then runs
// `aerodb serve` on it in the foreground (Ctrl-C stops it). Extra arguments go to serve:
// `npm start -- --port 8080`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = fileURLToPath(new URL('../demo/', import.meta.url));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));

function show(args) {
  process.stdout.write(`\n$ aerodb ${args.map((a) => (/[\s"{}]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
}

if (!existsSync(demo)) {
  show(['init', 'demo']);
  const init = spawnSync(process.execPath, [bin, 'init', 'demo'], { cwd: root, stdio: 'inherit' });
  if (init.status !== 0) process.exit(init.status ?? 1);
} else {
  process.stdout.write(`Using the existing demo project in ${demo} (delete it to start over).\n`);
}

const serveArgs = ['serve', ...process.argv.slice(2)];
show(serveArgs);
process.stdout.write('(in another terminal: cd demo && npx aerodb migrate status; the commands go through this server)\n\n');
const serve = spawn(process.execPath, [bin, ...serveArgs], { cwd: demo, stdio: 'inherit' });
// Ctrl-C reaches serve directly (same process group): do not forward SIGINT, or serve would see
// a second one and skip its checkpoint. SIGTERM is usually sent to this process alone: pass it on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => serve.kill('SIGTERM'));
serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
