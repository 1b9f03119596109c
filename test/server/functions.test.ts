// Functions through `aerodb serve` (in this process): POST /api/functions/:name and its error
// mapping, the admin routes behind `aerodb deploy-function` / `functions list|logs|invoke|replay`
// (the services find server.json and go through the server), and the rebuild on save.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionStore } from '../../src/engine/functions/store/function-store.js';
import { deployFunctions, functionLogs, invokeFunction, listFunctions, replayFunctionInvocation } from '../../src/services/functions/function-commands.js';
import { initProject } from '../../src/services/init-project.js';
import { runMigrateUp } from '../../src/services/migrate-apply.js';
import { startServe, type ServeSession } from '../../src/services/serve/serve-project.js';
import { builtFunction, FIXTURE_DIR, variant } from '../engine/functions/fixture/function-fixture.js';

let tmp: string;
let dir: string;
let session: ServeSession;
const logs: string[] = [];

async function call(path: string, options: { body?: unknown; raw?: string; key?: 'anon' | 'service' | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = options.key === undefined ? 'anon' : options.key;
  if (key !== null) headers['apikey'] = session.keys[key];
  const response = await fetch(`${session.url}${path}`, { method: 'POST', headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  return { status: response.status, json: (await response.json()) as { data?: unknown; _meta?: Record<string, unknown>; error?: { code: string; message: string; details: Record<string, unknown> } } };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-fn-serve-'));
  dir = join(tmp, 'app');
  await initProject({ dir, cwd: tmp });
  writeFileSync(join(dir, 'aerodb.toml'), readFileSync(join(dir, 'aerodb.toml'), 'utf8').replace('fsync = true', 'fsync = false'));
  await runMigrateUp({ dir });
  cpSync(join(FIXTURE_DIR, 'kitchen-sink'), join(dir, 'functions', 'kitchen-sink'), { recursive: true });
  // the kitchen sink is deployed from the shared test build; hello is deployed through the server below
  const built = await builtFunction(dir, 'kitchen-sink');
  const store = new FunctionStore(join(dir, '.aerodb'));
  store.save(built, new Date().toISOString());
  // the same artifact as a db trigger on users (it records each event in audit)
  store.save(variant(built, 'auditor', { triggers: [{ db: { collection: 'users', events: ['insert'] } }] }), new Date().toISOString());
  session = await startServe({ dir, port: 0, version: '0.0.0-test', log: (line) => logs.push(line), onWatchEvent: () => undefined });
}, 120_000);

afterAll(async () => {
  await session?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('POST /api/functions/:name', () => {
  it('returns what handle returned, with the invocation in _meta', async () => {
    const reply = await call('/api/functions/kitchen-sink', { body: { op: 'transform', items: [{ name: 'a', price: 2, qty: 2 }] } });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ data: { total: 4, names: ['A'] }, _meta: { function: 'kitchen-sink', version: 1, invocation_id: expect.stringMatching(/^inv_/), duration_ms: expect.any(Number) } });
    expect((await call('/api/functions/kitchen-sink')).json.data).toEqual({ unknown_op: null });
  });

  it('maps failures to statuses with the error envelope', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ op: 'reject', message: 'name is required' }, 400, 'AERO_FUNCTION_REJECTED'],
      [{ op: 'throw', message: 'boom' }, 500, 'AERO_FUNCTION_ERROR'],
      [{ op: 'deep' }, 500, 'AERO_FUNCTION_TRAP'],
      [{ op: 'spin' }, 504, 'AERO_FUNCTION_TIMEOUT'],
      [{ op: 'alloc' }, 507, 'AERO_FUNCTION_MEMORY'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await call('/api/functions/kitchen-sink', { body });
      expect([reply.status, reply.json.error?.code], JSON.stringify(body)).toEqual([status, code]);
      expect(reply.json.error?.details['invocation_id']).toMatch(/^inv_/);
    }
    expect((await call('/api/functions/nope', { body: {} })).json.error).toMatchObject({ code: 'AERO_FUNCTION_NOT_FOUND' });
    expect((await call('/api/functions/kitchen-sink', { raw: '{"op":' })).status).toBe(400);
    expect((await call('/api/functions/kitchen-sink', { body: {}, key: null })).status).toBe(401);
  });

  it('runs db calls as the request\'s caller', async () => {
    await session.db.insert('users', { _id: 'u1', email: 'u1@example.com', name: 'U1', created_at: '2026-01-01T00:00:00Z' });
    const asService = await call('/api/functions/kitchen-sink', { body: { op: 'find', collection_name: 'users' }, key: 'service' });
    const asAnon = await call('/api/functions/kitchen-sink', { body: { op: 'find', collection_name: 'users', catch: true }, key: 'anon' });
    expect(asService.json.data).toEqual(['u1']);
    // users are readable by authenticated callers only: the anon key's call is refused inside the function
    expect(asAnon.json.data).toMatchObject({ error: 'AERO_RLS_DENIED' });
  });
});

describe('db triggers while serving', () => {
  it('a write through REST runs the function watching that collection, after the commit', async () => {
    await session.db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'audit', fields: { _id: { type: 'string', required: true }, event: { type: 'string', required: true }, ref: { type: 'string', required: true } } } }]);
    const created = await fetch(`${session.url}/api/collections/users`, {
      method: 'POST',
      headers: { apikey: session.keys.service, 'content-type': 'application/json' },
      body: JSON.stringify({ _id: 'u-trigger', email: 'trigger@example.com', name: 'T', created_at: '2026-01-01T00:00:00Z' }),
    });
    expect(created.status).toBe(201);
    const audit = await until('the audit entry', async () => {
      const docs = (await session.db.find('audit', { limit: 10 })).data;
      return docs.some((d) => d['ref'] === 'u-trigger') ? docs : undefined;
    });
    expect(audit.filter((d) => d['ref'] === 'u-trigger').map((d) => d['event'])).toEqual(['insert']);
  });
});

describe('the CLI services through the running server', () => {
  it('deploys, lists, invokes, shows logs and replays', async () => {
    const { mode, outcomes } = await deployFunctions({ dir, names: ['hello'] });
    expect(mode).toBe('server');
    expect(outcomes).toEqual([{ function: 'hello', ok: true, report: expect.objectContaining({ status: 'deployed', version: 1, live: true }) }]);
    const greeting = await call('/api/functions/hello', { body: { name: 'Ada' } });
    expect(greeting.json.data).toEqual({ message: 'Hello, Ada!' });

    const list = await listFunctions({ dir });
    expect(list.map((f) => [f.name, f.status, f.version])).toEqual([
      ['auditor', 'source_missing', 1],
      ['hello', 'deployed', 1],
      ['kitchen-sink', 'deployed', 1],
    ]);

    const invoked = await invokeFunction({ dir, name: 'kitchen-sink', data: '{"op":"clock"}' });
    const replay = await replayFunctionInvocation({ dir, invocationId: invoked.invocation_id });
    expect(replay).toMatchObject({ matches: true, replay: { value: invoked.value } });

    const lines: string[] = [];
    await functionLogs({ dir, name: 'hello', limit: 10, follow: false, onEntry: (e) => lines.push(e.message) });
    expect(lines.some((line) => line.startsWith('deployed v1'))).toBe(true);
  });

  it('a deploy that fails replaces nothing', async () => {
    writeFileSync(join(dir, 'functions', 'kitchen-sink', 'index.ts'), 'export function handler() { return 1; }\n');
    const { outcomes } = await deployFunctions({ dir, names: ['kitchen-sink'] });
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'AERO_FUNCTION_MISSING_HANDLE' } });
    expect((await call('/api/functions/kitchen-sink', { body: { op: 'echo', value: 'still v1' } })).json).toMatchObject({ data: 'still v1', _meta: { version: 1 } });
  });
});

describe('serve rebuilds on save', () => {
  it('redeploys a changed function, and reports a broken save without replacing it', async () => {
    const file = join(dir, 'functions', 'hello', 'index.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Hello, ', 'Howdy, '));
    const reply = await until('the rebuilt hello', async () => {
      const r = await call('/api/functions/hello', { body: { name: 'Ada' } });
      return (r.json.data as { message?: string } | undefined)?.message === 'Howdy, Ada!' ? r : undefined;
    });
    expect(reply.json._meta).toMatchObject({ version: 2 });
    writeFileSync(file, 'export function handle(input: unknown) {\n  return input +;\n}\n');
    await until('the build error', async () => (logs.some((line) => line.includes('function hello: not deployed (v2 keeps serving)')) ? true : undefined));
    expect(logs.find((line) => line.includes('AERO_FUNCTION_BUILD_FAILED'))).toContain('functions/hello/index.ts:2:');
    expect((await call('/api/functions/hello', { body: { name: 'Bo' } })).json.data).toEqual({ message: 'Howdy, Bo!' });
  });
});
