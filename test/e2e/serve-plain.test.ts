import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `aerodb serve` without --no-ui, its output piped (not a terminal): plain log lines, no escape
// codes, no dashboard. (On a terminal the dashboard is checked by dashboard-tmux.sh.)
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'aerodb-e2e-plain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aerodb serve when stdout is not a terminal', () => {
  it('prints the banner and one line per request, without ANSI escape codes', async () => {
    expect(runCli(['init', 'app'], tmp).code).toBe(0);
    const env = { ...process.env, NODE_ENV: 'production' };
    delete env['CI'];
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: join(tmp, 'app'), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(/^Ready\./m);
    const url = /url\s+(http:\/\/\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    await until(/GET \/api\/health 200/);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(out).toContain('stopped: database closed, server.json removed');
    expect(out).not.toContain('\u001b');
  });
});
