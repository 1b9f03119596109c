// The functions commands through the real CLI (dist via bin/run.js) on a project with no server
// running: deploy straight into the data directory, then list, invoke, logs and replay, which open
// the data directory themselves; plus the usage and lookup errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let tmp: string;
let app: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-e2e-fn-'));
  expect(runCli(['init', 'app'], tmp).code).toBe(0);
  app = join(tmp, 'app');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aerodb deploy-function and aerodb functions', () => {
  it('refuses wrong usage and unknown functions', () => {
    const usage = runCli(['deploy-function'], app);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('AERO_CONFIG_USAGE: name the function to deploy, or pass --all');
    const missing = runCli(['deploy-function', 'nope'], app);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('AERO_FUNCTION_NOT_FOUND: no function "nope": functions/nope/index.ts does not exist');
    const notDeployed = runCli(['functions', 'invoke', 'hello'], app);
    expect(notDeployed.code).toBe(1);
    expect(notDeployed.stderr).toContain('AERO_FUNCTION_NOT_FOUND: no deployed function "hello"');
    const list = runCli(['functions', 'list'], app);
    expect(list.stdout).toMatch(/hello\s+-\s+not deployed/);
  });

  it('deploys, invokes, logs and replays', () => {
    const deployed = runCli(['deploy-function', 'hello'], app);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stdout).toMatch(/^deployed hello v1 {2}\(sha256 [0-9a-f]{12}, [\d.]+ MB, memory cap 64 MiB, timeout 1000 ms\)$/m);
    for (const step of ['bundle', 'componentize', 'transpile', 'verify', 'total']) expect(deployed.stdout).toMatch(new RegExp(`^  ${step} +[\\d.]+ m?s$`, 'm'));
    expect(deployed.stdout).toContain('triggers: http POST /api/functions/hello');
    expect(runCli(['deploy-function', 'hello'], app).stdout).toContain('hello: unchanged, v1 is this exact build');

    const invoked = runCli(['functions', 'invoke', 'hello', '--data', '{"name":"Ada"}', '--json'], app);
    expect(invoked.code, invoked.stderr).toBe(0);
    const result = JSON.parse(invoked.stdout) as { invocation_id: string; value: unknown; version: number };
    expect(result).toMatchObject({ value: { message: 'Hello, Ada!' }, version: 1 });

    const replay = runCli(['functions', 'replay', result.invocation_id], app);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain(`MATCH: replay of ${result.invocation_id} (hello v1`);

    const logs = runCli(['functions', 'logs', 'hello'], app);
    expect(logs.stdout).toMatch(/INFO {2}\[aerodb\] deployed v1 \(sha256 [0-9a-f]{12}/);
    expect(runCli(['functions', 'list'], app).stdout).toMatch(/hello\s+v1\s+deployed\s+[0-9a-f]{12}/);
    const badData = runCli(['functions', 'invoke', 'hello', '--data', '{name}'], app);
    expect(badData.code).toBe(2);
    expect(badData.stderr).toContain('--data is not valid JSON');
  });
});
