// Installs bench/'s own dependencies (better-sqlite3, compiled from source) when they are missing or
// stale, then runs `node bench/<script> [args...]`. Kept apart from the root install so `npm ci` at
// the root never compiles SQLite.
//
//   node bench/run-with-deps.mjs engine.mjs [args...]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const lockPath = join(benchDir, 'package-lock.json');
const manifestPath = join(benchDir, 'package.json');
const stampPath = join(benchDir, 'node_modules', '.aerodb-bench-installed');
const addonPath = join(benchDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** What the installed tree was built from: the lock, the manifest, and the Node ABI of the addon. */
function installFingerprint() {
  const hash = createHash('sha256');
  hash.update(readFileSync(manifestPath));
  hash.update(readFileSync(lockPath));
  hash.update(`${process.platform}-${process.arch}-abi${process.versions.modules}`);
  return hash.digest('hex');
}

function npm(args) {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd: benchDir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`bench: \`npm ${args.join(' ')}\` failed in ${benchDir} (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

function ensureDependencies() {
  const hasLock = existsSync(lockPath);
  if (hasLock && existsSync(addonPath) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === installFingerprint()) return;
  console.error(
    'bench: installing bench/ dependencies: better-sqlite3 compiles from source (about 1-2 minutes on 2 cores)...',
  );
  // `npm ci` reproduces the committed lock; `npm install` only creates it the first time.
  npm(hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  writeFileSync(stampPath, installFingerprint());
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bench/run-with-deps.mjs <script in bench/> [args...]');
  process.exit(2);
}
const scriptPath = join(benchDir, script);
if (!existsSync(scriptPath)) {
  console.error(`bench: no such script ${scriptPath}`);
  process.exit(2);
}
ensureDependencies();
const run = spawnSync(process.execPath, [scriptPath, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
