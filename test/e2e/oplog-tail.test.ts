// `aerodb oplog tail` as a user runs it (node bin/run.js, built dist): offline from the files, and
// live from a running `aerodb serve` (--follow), stopped with Ctrl-C.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OplogEntry } from '../../src/engine/oplog/oplog-entry.js';
import { runCli } from './run-cli.js';
import { useE2eWorkspace } from './e2e-workspace.js';

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const QUERY = '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}';

const { init, start } = useE2eWorkspace('aerodb-e2e-oplog-');

function jsonLines(text: string): OplogEntry[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OplogEntry);
}

describe('aerodb oplog tail (no server: the files)', () => {
  it('prints the newest entries as a table, or one JSON object per line, filtered', () => {
    const app = init('offline');
    expect(runCli(['explain', 'posts', QUERY], app).code).toBe(0);
    expect(runCli(['explain', 'posts', '{"filter":{"title":"x"},"limit":5}'], app).code).toBe(1);

    const table = runCli(['oplog', 'tail'], app);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+op\s+collection\s+ms\s+scanned\/returned\s+index\s+status$/);
    expect(lines[1]).toMatch(/^-+ +-+/);
    expect(table.stdout).toMatch(/migration\s+users\s+[\d.]+\s+0\/0\s+-\s+ok/);
    expect(table.stdout).toMatch(/explain\s+posts\s+[\d.]+\s+0\/0\s+status_created\s+ok/);
    expect(table.stdout).not.toContain('\x1b['); // no colour when stdout is not a terminal

    const all = jsonLines(runCli(['oplog', 'tail', '--json', '--limit', '100'], app).stdout);
    expect(all.map((e) => e.operation)).toContain('migration');
    const migration = all.find((e) => e.operation === 'migration')!;
    expect(migration).toMatchObject({ source: 'migration', user_id: 'service', status: 'ok' });
    expect(migration.detail).toMatch(/^001_init up: create_collection users, create_collection posts, create_collection comments/);

    const explains = jsonLines(runCli(['oplog', 'tail', '--json', '--operation', 'explain', '--collection', 'posts', '--since', '1h'], app).stdout);
    expect(explains.map((e) => [e.operation, e.source, e.explain_plan?.accepted])).toEqual([
      ['explain', 'cli', true],
      ['explain', 'cli', false],
    ]);
    const last = jsonLines(runCli(['oplog', 'tail', '--json', '--limit', '1'], app).stdout);
    expect(last).toHaveLength(1);
    expect(last[0]!._id).toBe(all.at(-1)!._id);
    const slow = jsonLines(runCli(['oplog', 'tail', '--slow', '--json', '--limit', '100'], app).stdout);
    expect(slow.map((e) => e._id)).toEqual(all.filter((e) => e.slow).map((e) => e._id));
    expect(runCli(['oplog', 'tail', '--collection', 'nothing'], app).stdout).toContain('(no matching entries)');
  });

  it('--follow without a server picks up what other commands append to the files', async () => {
    const app = init('offline-follow');
    const tail = spawn(process.execPath, [BIN, 'oplog', 'tail', '--follow', '--json', '--operation', 'explain', '--limit', '5'], {
      cwd: app,
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    tail.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | string>((resolve) => tail.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    expect(runCli(['explain', 'posts', QUERY], app).code).toBe(0);
    for (let waited = 0; waited < 15_000 && !out.includes('"operation":"explain"'); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    tail.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(jsonLines(out).map((e) => [e.operation, e.collection, e.source])).toEqual([['explain', 'posts', 'cli']]);
  });

  it('rejects bad flags as usage errors (exit 2) naming the flag', () => {
    const app = init('badflags');
    const op = runCli(['oplog', 'tail', '--operation', 'select'], app);
    expect(op.code).toBe(2);
    expect(op.stderr).toMatch(/^AERO_CONFIG_USAGE: --operation must be one of find, get, insert/);
    const since = runCli(['oplog', 'tail', '--since', 'yesterday'], app);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('AERO_CONFIG_USAGE: --since "yesterday" is neither a duration like 10m nor an ISO time');
    expect(since.stderr).toContain('hint:');
    expect(runCli(['oplog', 'tail', '--limit', '0'], app).code).toBe(2);
    expect(runCli(['oplog', 'tail', '--nope'], app).code).toBe(2);
  });
});

describe('aerodb oplog tail --follow (through aerodb serve)', () => {
  it('receives entries live from the running server and exits 0 on Ctrl-C', async () => {
    const app = init('live');
    const { serve, url } = await start(app);
    const key = JSON.parse(runCli(['keys', '--json'], app).stdout).service as string;

    const tail = spawn(process.execPath, [BIN, 'oplog', 'tail', '--follow', '--json', '--collection', 'users', '--limit', '1'], {
      cwd: app,
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    tail.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    tail.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | string>((resolve) => tail.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    // connected once the server logged the stream request
    await serve.waitFor(/GET \/admin\/oplog\?.*follow=true/);

    const created = await fetch(`${url}/api/collections/users`, {
      method: 'POST',
      headers: { apikey: key, 'content-type': 'application/json', 'x-request-id': 'e2e-req-1' },
      body: JSON.stringify({ _id: 'u1', email: 'a@example.com', name: 'A', created_at: '2026-11-28T09:00:00Z' }),
    });
    expect(created.status).toBe(201);
    await fetch(`${url}/api/collections/posts?limit=1`, { headers: { apikey: key } }); // another collection: filtered out
    for (let waited = 0; waited < 15_000 && !out.includes('"operation":"insert"'); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));

    tail.kill('SIGINT');
    expect(await exited).toBe(0);
    const entries = jsonLines(out);
    // the newest users entry from the backlog (the migration step), then the live insert
    expect(entries.map((e) => [e.operation, e.collection])).toEqual([['migration', 'users'], ['insert', 'users']]);
    expect(entries[1]).toMatchObject({ source: 'rest', user_id: 'service', request_id: 'e2e-req-1', affected_ids: ['u1'], status: 'ok' });
    expect(err).toBe('');

    // without --follow the same command answers through the server and exits
    const once = runCli(['oplog', 'tail', '--operation', 'insert'], app);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toMatch(/insert\s+users\s+[\d.]+\s+0\/1\s+-\s+ok/);
  });
});
