// Runs a bench child script in a fresh Node process (clean heap and RSS) and returns the JSON object
// it prints as its last stdout line. The child's stderr (engine warnings, progress) is passed through.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Children may hold a million documents: give V8 room so a miss is measured, not an OOM crash. */
const CHILD_NODE_FLAGS = ['--max-old-space-size=8192'];

export function runChild(scriptName, args, extraNodeFlags = []) {
  const script = fileURLToPath(new URL(`./${scriptName}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, ...extraNodeFlags, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${scriptName} ${args.join(' ')} exited with ${signal ?? code}\n${stdout}`));
        return;
      }
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(lastLine));
      } catch {
        reject(new Error(`${scriptName} printed no JSON result:\n${stdout}`));
      }
    });
  });
}
