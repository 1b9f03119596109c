import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AeroError } from '../../src/engine/errors/aero-error.js';
import { explainQuery } from '../../src/services/explain-query.js';
import { initProject } from '../../src/services/init-project.js';
import { runMigrateDown, runMigrateUp } from '../../src/services/migrate-apply.js';
import { createMigration } from '../../src/services/migrate-new.js';
import { resolveModified } from '../../src/services/migrate-resolve.js';
import { migrationStatus, verifyMigrations } from '../../src/services/migrate-status.js';
import { startServe, type ServeSession } from '../../src/services/serve/serve-project.js';
import type { WatchEvent } from '../../src/services/watchers/watch-events.js';

// `aerodb serve` in this process: the services then find server.json (this pid) and go through
// the admin API. The data directory is locked by this process, so the direct path would fail:
// every answer below came from the server.
const clock = () => new Date('2026-03-04T05:06:07.000Z');
const POST_QUERY = '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}';
const BIO = { version: '002', name: 'bio', up: [{ op: 'add_field', collection: 'users', field: { name: 'bio', type: 'string' } }], down: [{ op: 'remove_field', collection: 'users', field: 'bio' }] };

let tmp: string;
let dir: string;
let session: ServeSession | null;
let logs: string[];
let events: WatchEvent[];

beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-serve-'));
  dir = join(tmp, 'app');
  await initProject({ dir, cwd: tmp, clock });
  logs = [];
  events = [];
  session = null;
});
afterEach(async () => {
  await session?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function serve(): Promise<ServeSession> {
  session = await startServe({ dir, port: 0, version: '0.0.0-test', clock, log: (line) => logs.push(line), onWatchEvent: (e) => events.push(e) });
  return session;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function rejected(promise: Promise<unknown>): Promise<AeroError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AeroError);
    return err as AeroError;
  }
  throw new Error('expected an AeroError');
}

describe('startServe', () => {
  it('writes server.json (mode 0600) and removes it, and the LOCK, on stop', async () => {
    const s = await serve();
    const file = join(dir, '.aerodb', 'server.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(info)).toEqual(['url', 'pid', 'admin_token', 'started_at']);
    expect(info.url).toBe(s.url);
    expect(info.pid).toBe(process.pid);
    expect(info.admin_token).toMatch(/^[0-9a-f]{64}$/);
    const health = await fetch(`${s.url}/api/health`);
    expect(health.status).toBe(200);
    await s.stop();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, '.aerodb', 'LOCK'))).toBe(false);
    await expect(fetch(`${s.url}/api/health`)).rejects.toThrow();
  });

  it('replaces a stale server.json and creates missing keys', async () => {
    const file = join(dir, '.aerodb', 'server.json');
    writeFileSync(file, JSON.stringify({ url: 'http://127.0.0.1:1', pid: 2 ** 22 + 4321, admin_token: 'old', started_at: '' }));
    unlinkSync(join(dir, '.aerodb', 'keys.json'));
    const s = await serve();
    expect(JSON.parse(readFileSync(file, 'utf8')).url).toBe(s.url);
    expect(s.keys_created).toBe(true);
    expect(s.keys.service).toMatch(/^aero_service_[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(dir, '.aerodb', 'keys.json'), 'utf8')).service).toBe(s.keys.service);
  });

  it('a second server on the same project fails with AERO_STORAGE_LOCKED naming the first', async () => {
    const s = await serve();
    const error = await rejected(startServe({ dir, port: 0, version: 'x', log: () => undefined, onWatchEvent: () => undefined }));
    expect(error.code).toBe('AERO_STORAGE_LOCKED');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain(s.url);
    // the failed start left the running server's server.json alone
    expect(JSON.parse(readFileSync(join(dir, '.aerodb', 'server.json'), 'utf8')).url).toBe(s.url);
  });

  it('an occupied port is AERO_CONFIG_PORT_IN_USE and leaves the data directory unlocked', async () => {
    const s = await serve();
    const port = Number(new URL(s.url).port);
    await s.stop();
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const error = await rejected(startServe({ dir, port, version: 'x', log: () => undefined, onWatchEvent: () => undefined }));
      expect(error.code).toBe('AERO_CONFIG_PORT_IN_USE');
      expect(error.hint).toContain('--port');
      expect(existsSync(join(dir, '.aerodb', 'LOCK'))).toBe(false);
      expect(existsSync(join(dir, '.aerodb', 'server.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('the CLI services while a server runs', () => {
  it('give the same reports through the admin API as offline', async () => {
    writeFileSync(join(dir, 'migrations', '002_bio.aeromigration.json'), JSON.stringify(BIO, null, 2));
    await serve();
    const viaServer = {
      status: await migrationStatus({ dir }),
      verify: await verifyMigrations({ dir }),
      explain: await explainQuery({ dir, collection: 'posts', query: POST_QUERY }),
      rejectedExplain: await explainQuery({ dir, collection: 'posts', query: '{"filter":{"title":"x"},"limit":5}' }),
      unknown: (await rejected(explainQuery({ dir, collection: 'nope', query: '{"limit":1}' }))).toJSON(),
      badDown: (await rejected(runMigrateDown({ dir, target: '009' }))).toJSON(),
    };
    expect(logs.some((l) => l.startsWith('GET /admin/migrations 200'))).toBe(true);
    expect(logs.some((l) => l.startsWith('POST /admin/explain 200'))).toBe(true);
    await session!.stop();
    const offline = {
      status: await migrationStatus({ dir }),
      verify: await verifyMigrations({ dir }),
      explain: await explainQuery({ dir, collection: 'posts', query: POST_QUERY }),
      rejectedExplain: await explainQuery({ dir, collection: 'posts', query: '{"filter":{"title":"x"},"limit":5}' }),
      unknown: (await rejected(explainQuery({ dir, collection: 'nope', query: '{"limit":1}' }))).toJSON(),
      badDown: (await rejected(runMigrateDown({ dir, target: '009' }))).toJSON(),
    };
    expect(viaServer).toEqual(JSON.parse(JSON.stringify(offline)));
    expect(viaServer.status.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
  });

  it('migrate up, new, resolve and down run in the server (same reports, schemas/ rewritten, no watcher noise)', async () => {
    await serve();
    writeFileSync(join(dir, 'migrations', '002_bio.aeromigration.json'), JSON.stringify(BIO, null, 2));
    await until('pending 002', () => events.find((e) => e.kind === 'migration_pending' && e.version === '002'));
    const up = await runMigrateUp({ dir });
    expect(up.steps.map((s) => s.version)).toEqual(['002']);
    expect(up.schema_files.written).toEqual(['users.json']);
    expect(readFileSync(join(dir, 'schemas', 'users.json'), 'utf8')).toContain('"bio"');
    expect(logs.some((l) => l.startsWith('POST /admin/migrations/up 200'))).toBe(true);

    appendFileSync(join(dir, 'migrations', '001_init.aeromigration.json'), '\n');
    const problem = await until('modified 001', () => events.find((e) => e.kind === 'migration_problem'));
    expect(problem.kind === 'migration_problem' && problem.problem.kind).toBe('modified');
    expect((await rejected(runMigrateUp({ dir }))).code).toBe('AERO_MIGRATION_MODIFIED');
    const resolved = await resolveModified({ dir, version: '001', reason: 'blank line' });
    expect(resolved.changed).toBe(true);
    expect(logs.some((l) => l.startsWith('POST /admin/migrations/resolve 200'))).toBe(true);

    const draft = await createMigration({ dir, name: 'Add Tags' });
    expect(draft.file).toBe('migrations/003_add_tags.aeromigration.json');
    expect(existsSync(join(dir, draft.file!))).toBe(true);
    expect(logs.some((l) => l.startsWith('POST /admin/migrations/new 200'))).toBe(true);
    const down = await runMigrateDown({ dir, target: '001' });
    expect(down.steps.map((s) => s.version)).toEqual(['002']);

    // settle, then: nothing the commands changed was reported as drift or as a new pending file
    writeFileSync(join(dir, 'marker.txt'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events.filter((e) => e.kind === 'schema_drift')).toEqual([]);
    expect(events.filter((e) => e.kind === 'migration_pending').map((e) => e.kind === 'migration_pending' && e.version)).toEqual(['002']);
  });
});

describe('the watchers', () => {
  it('report the state at start, a new pending file, an edited applied file and a hand-edited schema', async () => {
    writeFileSync(join(dir, 'migrations', '002_bio.aeromigration.json'), JSON.stringify(BIO, null, 2));
    await serve();
    expect(events.map((e) => e.kind)).toEqual(['migration_pending']);

    writeFileSync(join(dir, 'migrations', '003_more.aeromigration.json'), JSON.stringify({ ...BIO, version: '003', name: 'more' }));
    await until('pending 003', () => events.find((e) => e.kind === 'migration_pending' && e.version === '003'));

    const posts = join(dir, 'schemas', 'posts.json');
    writeFileSync(posts, readFileSync(posts, 'utf8').replace('"maxLength": 200', '"maxLength": 300'));
    const drift = await until('drift', () => events.find((e) => e.kind === 'schema_drift'));
    expect(drift.kind === 'schema_drift' && drift.entry.file).toBe('posts.json');
    expect(drift.kind === 'schema_drift' && drift.entry.changes).toEqual(['field "title" changed: maxLength 200 -> 300']);
    expect(drift.kind === 'schema_drift' && drift.fix).toContain('aerodb migrate new NAME --from-schemas');

    writeFileSync(join(dir, 'migrations', '004_broken.aeromigration.json'), '{ not json');
    const broken = await until('unreadable', () => events.find((e) => e.kind === 'migrations_unreadable'));
    expect(broken.kind === 'migrations_unreadable' && broken.error.message).toContain('004_broken');
    rmSync(join(dir, 'migrations', '004_broken.aeromigration.json'));
    await until('readable again', () => events.find((e) => e.kind === 'migrations_readable'));

    appendFileSync(join(dir, 'migrations', '001_init.aeromigration.json'), ' ');
    const modified = await until('modified', () => events.find((e) => e.kind === 'migration_problem'));
    expect(modified.kind === 'migration_problem' && modified.problem.fix.join('\n')).toContain('aerodb migrate resolve 001 --accept-modified --reason');
    // nothing was applied by any of this
    expect((await migrationStatus({ dir })).current).toBe('001');
  });
});
