import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { useE2eWorkspace } from './e2e-workspace.js';
import { spawnServe } from './serve-process.js';

// `aerodb serve` as a user runs it (node bin/run.js, built dist), driven over HTTP and by other
// aerodb commands, stopped with SIGTERM and killed with SIGKILL.
const BIO = { version: '002', name: 'bio', up: [{ op: 'add_field', collection: 'users', field: { name: 'bio', type: 'string' } }], down: [{ op: 'remove_field', collection: 'users', field: 'bio' }] };
const QUERY = '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}';

const { init, start, stop } = useE2eWorkspace('aerodb-e2e-serve-');

function serviceKey(app: string): string {
  const r = runCli(['keys', '--json'], app);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).service;
}

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { apikey: key };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('aerodb serve', () => {
  it('serves the REST API, runs migrate/explain through its admin API, and keeps the data across a SIGTERM restart', async () => {
    const app = init('app');
    const { serve, url } = await start(app);
    expect(serve.output()).toContain('anon key     aero_anon_');
    const key = serviceKey(app);
    expect(serve.output()).toContain(`service key  ${key}`);
    const info = JSON.parse(readFileSync(join(app, '.aerodb', 'server.json'), 'utf8'));
    expect(info.url).toBe(url);
    expect(info.pid).toBe(serve.child.pid);

    expect((await call(url, key, 'GET', '/api/health')).json.data.status).toBe('ok');
    expect((await call(url, key, 'POST', '/api/collections/users', { _id: 'u1', email: 'ada@example.com', name: 'Ada', created_at: '2026-01-01T00:00:00.000Z' })).status).toBe(201);
    const posts = [1, 2, 3].map((i) => ({ _id: `p${i}`, title: `Post ${i}`, status: i === 2 ? 'draft' : 'published', created_at: `2026-01-0${i}T00:00:00.000Z`, author_id: 'u1' }));
    expect((await call(url, key, 'POST', '/api/collections/posts', posts)).status).toBe(201);
    expect((await call(url, key, 'GET', '/api/collections/posts/p2')).json.data.title).toBe('Post 2');
    const list = await call(url, key, 'GET', `/api/collections/posts?filter=${encodeURIComponent('{"status":"published"}')}&sort=-created_at&limit=20`);
    expect(list.status).toBe(200);
    expect(list.json.data.map((p: { _id: string }) => p._id)).toEqual(['p3', 'p1']);
    expect(list.json._meta.index).toBe('status_created');
    const explain = await call(url, key, 'POST', '/api/collections/posts/explain', JSON.parse(QUERY));
    expect(explain.json.data.index).toBe('status_created');

    // a new migration file: the watcher reports it, `aerodb migrate up` applies it through the server
    writeFileSync(join(app, 'migrations', '002_bio.aeromigration.json'), JSON.stringify(BIO, null, 2));
    await serve.waitFor(/watch migrations\/002_bio\.aeromigration\.json: 002 bio is pending/);
    const up = runCli(['migrate', 'up'], app);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain('Applied 002 bio');
    expect(up.stdout).toContain('wrote schemas/users.json');
    await serve.waitFor(/POST \/admin\/migrations\/up 200/);
    expect((await call(url, key, 'PATCH', '/api/collections/users/u1', { bio: 'mathematician' })).status).toBe(200);

    const online = {
      status: runCli(['migrate', 'status'], app),
      statusJson: runCli(['migrate', 'status', '--json'], app),
      verify: runCli(['migrate', 'verify'], app),
      explain: runCli(['explain', 'posts', QUERY], app),
      explainJson: runCli(['explain', 'posts', QUERY, '--json'], app),
      rejected: runCli(['explain', 'posts', '{"filter":{"title":"x"},"limit":5}'], app),
      unknown: runCli(['explain', 'nope', '{"limit":1}'], app),
    };
    await serve.waitFor(/POST \/admin\/explain 200/);
    expect(serve.output()).toContain('GET /admin/migrations 200');
    expect(online.explain.code).toBe(0);
    expect(online.rejected.code).toBe(1);
    expect(online.unknown.code).toBe(1);
    expect(online.unknown.stderr).toMatch(/^AERO_SCHEMA_UNKNOWN_COLLECTION: /);

    expect(await stop(serve, 'SIGTERM')).toBe(0);
    expect(serve.output()).toContain('SIGTERM: stopping');
    expect(existsSync(join(app, '.aerodb', 'server.json'))).toBe(false);
    expect(existsSync(join(app, '.aerodb', 'LOCK'))).toBe(false);

    // offline (the CLI opens the data directory): the same output, byte for byte
    const offline = {
      status: runCli(['migrate', 'status'], app),
      statusJson: runCli(['migrate', 'status', '--json'], app),
      verify: runCli(['migrate', 'verify'], app),
      explain: runCli(['explain', 'posts', QUERY], app),
      explainJson: runCli(['explain', 'posts', QUERY, '--json'], app),
      rejected: runCli(['explain', 'posts', '{"filter":{"title":"x"},"limit":5}'], app),
      unknown: runCli(['explain', 'nope', '{"limit":1}'], app),
    };
    expect(online).toEqual(offline);

    const again = await start(app);
    const post = await call(again.url, key, 'GET', '/api/collections/posts/p3');
    expect(post.json.data.title).toBe('Post 3');
    expect((await call(again.url, key, 'GET', '/api/collections/users/u1')).json.data.bio).toBe('mathematician');
    expect(await stop(again.serve, 'SIGINT')).toBe(0);
  });

  it('after SIGKILL, serves again (stale server.json and LOCK) with every acknowledged insert', async () => {
    const app = init('killed');
    const { serve, url } = await start(app);
    const key = serviceKey(app);
    expect((await call(url, key, 'POST', '/api/collections/users', { _id: 'u1', email: 'a@example.com', name: 'A', created_at: '2026-01-01T00:00:00.000Z' })).status).toBe(201);
    const acknowledged: string[] = [];
    for (let i = 0; i < 40; i++) {
      const reply = await call(url, key, 'POST', '/api/collections/posts', { _id: `p${i}`, title: `t${i}`, status: 'published', created_at: '2026-01-01T00:00:00.000Z', author_id: 'u1' });
      expect(reply.status).toBe(201);
      acknowledged.push(reply.json.data._id);
    }
    const bulk = Array.from({ length: 100 }, (_, i) => ({ _id: `b${i}`, title: `b${i}`, status: 'draft', created_at: '2026-01-02T00:00:00.000Z', author_id: 'u1' }));
    const bulkReply = await call(url, key, 'POST', '/api/collections/posts', bulk);
    expect(bulkReply.status).toBe(201);
    acknowledged.push(...bulkReply.json.data.map((d: { _id: string }) => d._id));

    expect(await stop(serve, 'SIGKILL')).toBe('SIGKILL');
    expect(existsSync(join(app, '.aerodb', 'server.json'))).toBe(true);
    expect(existsSync(join(app, '.aerodb', 'LOCK'))).toBe(true);

    const again = await start(app);
    expect(again.serve.output()).toMatch(/Taking over stale .*LOCK/);
    expect(JSON.parse(readFileSync(join(app, '.aerodb', 'server.json'), 'utf8')).pid).toBe(again.serve.child.pid);
    const found: string[] = [];
    for (const status of ['published', 'draft']) {
      let cursor: string | null = null;
      do {
        const page = await call(again.url, key, 'GET', `/api/collections/posts?filter=${encodeURIComponent(JSON.stringify({ status }))}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        found.push(...page.json.data.map((d: { _id: string }) => d._id));
        cursor = page.json._meta.next_cursor;
      } while (cursor);
    }
    expect(found.sort()).toEqual([...acknowledged].sort());
    // commands talk to the new server, not to the dead one named by the old server.json
    const status = runCli(['migrate', 'status', '--json'], app);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).current).toBe('001');
    expect(await stop(again.serve, 'SIGTERM')).toBe(0);
  });

  it('reports new, edited and drifted files while it runs, and applies nothing', async () => {
    const app = init('watched');
    const { serve } = await start(app);
    writeFileSync(join(app, 'migrations', '002_bio.aeromigration.json'), JSON.stringify(BIO, null, 2));
    await serve.waitFor(/002 bio is pending \(not applied\)\. Apply it with: aerodb migrate up/);

    appendFileSync(join(app, 'migrations', '001_init.aeromigration.json'), '\n');
    await serve.waitFor(/!! MODIFIED: migrations\/001_init\.aeromigration\.json was edited after 001 init was applied/);
    await serve.waitFor(/!!\s+or accept the edit:\s+aerodb migrate resolve 001 --accept-modified --reason "<why>"/);

    const posts = join(app, 'schemas', 'posts.json');
    writeFileSync(posts, readFileSync(posts, 'utf8').replace('"maxLength": 200', '"maxLength": 300'));
    await serve.waitFor(/schemas\/posts\.json differs from the applied schema \(changed\); nothing is applied:/);
    await serve.waitFor(/- field "title" changed: maxLength 200 -> 300/);
    await serve.waitFor(/aerodb migrate new NAME --from-schemas/);

    const status = JSON.parse(runCli(['migrate', 'status', '--json'], app).stdout);
    expect(status.current).toBe('001');
    expect(status.migrations.map((m: { state: string }) => m.state)).toEqual(['modified', 'pending']);
    expect(await stop(serve, 'SIGTERM')).toBe(0);
  });
});

describe('aerodb serve refuses', () => {
  it('an occupied port (AERO_CONFIG_PORT_IN_USE with the --port hint)', async () => {
    const app = init('port');
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const serve = spawnServe(app, ['--port', String(port)]);
      expect(await serve.exited).toBe(1);
      expect(serve.output()).toMatch(new RegExp(`AERO_CONFIG_PORT_IN_USE: port ${port} on 127\\.0\\.0\\.1 is already in use\\nhint: .*--port`));
      expect(existsSync(join(app, '.aerodb', 'server.json'))).toBe(false);
      expect(existsSync(join(app, '.aerodb', 'LOCK'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('a data directory another server holds (AERO_STORAGE_LOCKED naming its pid)', async () => {
    const app = init('locked');
    const first = await start(app);
    const second = spawnServe(app, ['--port', '0']);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`AERO_STORAGE_LOCKED: Data directory ${join(app, '.aerodb')} is locked by process ${first.serve.child.pid}`);
    expect(second.output()).toContain(`already serves this project at ${first.url}`);
    // the first one is unharmed
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    expect(JSON.parse(readFileSync(join(app, '.aerodb', 'server.json'), 'utf8')).pid).toBe(first.serve.child.pid);
  });

  it('a bad aerodb.toml or --port (coded errors)', async () => {
    const app = init('badconfig');
    const toml = join(app, 'aerodb.toml');
    const original = readFileSync(toml, 'utf8');
    writeFileSync(toml, original.replace('port = 7420', 'port = "7420"'));
    let serve = spawnServe(app);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toMatch(/^AERO_CONFIG_INVALID: .*aerodb\.toml: `server\.port` must be of type integer, got string "7420"\./m);
    writeFileSync(toml, `${original}\n[server.extra]\n`);
    serve = spawnServe(app);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toMatch(/^AERO_CONFIG_/m);
    writeFileSync(toml, original);
    serve = spawnServe(app, ['--port', '70000']);
    expect(await serve.exited).toBe(2);
    expect(serve.output()).toMatch(/^AERO_CONFIG_USAGE: /m);
  });
});

describe('aerodb keys', () => {
  it('prints both keys, as JSON with --json', () => {
    const app = init('keys');
    const keys = JSON.parse(readFileSync(join(app, '.aerodb', 'keys.json'), 'utf8'));
    const json = runCli(['keys', '--json'], app);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ anon: keys.anon, service: keys.service });
    const text = runCli(['keys'], app);
    expect(text.stdout).toContain(`anon     ${keys.anon}`);
    expect(text.stdout).toContain(`service  ${keys.service}`);
    expect(text.stdout).not.toContain(keys.jwt_secret);
  });

  it('names the missing file', () => {
    const app = init('nokeys');
    rmSync(join(app, '.aerodb', 'keys.json'));
    const r = runCli(['keys', '--json'], app);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('AERO_CONFIG_NOT_FOUND');
    expect(r.stderr).toMatch(/keys\.json does not exist.*\nhint: `aerodb serve` creates them/);
  });
});
