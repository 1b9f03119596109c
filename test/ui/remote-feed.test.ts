// `aerodb dashboard`'s feed against a real `aerodb serve` in this process: server info, stats, the
// live oplog over SSE, migration status and the watcher-style problems, find with its explain,
// and migrate through the admin API. Plus how the target server is found.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AeroError } from '../../src/engine/errors/aero-error.js';
import { resolveAttachTarget } from '../../src/services/dashboard/attach-dashboard.js';
import { RemoteFeed } from '../../src/services/dashboard/remote-feed.js';
import { ServerClient } from '../../src/services/dashboard/server-client.js';
import { initProject } from '../../src/services/init-project.js';
import { runMigrateUp } from '../../src/services/migrate-apply.js';
import { startServe, type ServeSession } from '../../src/services/serve/serve-project.js';
import type { FeedEvent } from '../../src/ui/models/feed-events.js';
import { settle } from './ui-fixture.js';

const clock = () => new Date('2026-03-04T05:06:07.000Z');
let tmp: string;
let dir: string;
let session: ServeSession | null;
let feed: RemoteFeed | null;

beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-dash-remote-'));
  dir = join(tmp, 'app');
  await initProject({ dir, cwd: tmp, clock });
  await runMigrateUp({ dir, clock });
  session = null;
  feed = null;
});
afterEach(async () => {
  await feed?.close();
  await session?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function serve(): Promise<ServeSession> {
  session = await startServe({ dir, port: 0, version: '0.0.0-test', clock, log: () => undefined, onWatchEvent: () => undefined });
  return session;
}

async function until(events: FeedEvent[], what: string, probe: (events: FeedEvent[]) => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe(events)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events.map((e) => e.type))}`);
    await settle(20);
  }
}

describe('remote feed', () => {
  it('streams server info, stats, live oplog rows, the migration status and watcher-style problems', async () => {
    const s = await serve();
    const target = await resolveAttachTarget({ dir });
    expect(target.access).toEqual({ url: s.url, pid: process.pid, adminToken: expect.any(String), serviceKey: s.keys.service });
    feed = new RemoteFeed(new ServerClient(target.access), {
      summary: { url: s.url, pid: s.pid, started_at: s.started_at, keys: target.keys },
      intervalMs: 20,
      statsIntervalMs: 100,
      statusIntervalMs: 100,
    });
    const events: FeedEvent[] = [];
    feed.subscribe((batch) => events.push(...batch));
    await until(events, 'server and stats', (e) => e.some((x) => x.type === 'server') && e.some((x) => x.type === 'stats'));
    expect(events.find((e) => e.type === 'server')).toMatchObject({ info: { url: s.url, version: '0.0.0-test', mode: 'attached', keys: { service: s.keys.service } } });

    await s.db.withContext({ caller: { kind: 'service' }, source: 'rest' }).insert('users', { _id: 'u1', email: 'a@example.com', name: 'A', created_at: '2026-03-04T05:06:07Z' });
    await until(events, 'the insert in the oplog', (e) => e.some((x) => x.type === 'oplog' && x.rows.some((r) => r.operation === 'insert' && r.collection === 'users')));

    // a migration file edited after it was applied becomes a problem, as the watcher would report it
    writeFileSync(join(dir, 'migrations', '001_init.aeromigration.json'), '{"version":"001","name":"init","up":[],"down":[]}\n');
    await until(events, 'the modified migration', (e) => e.some((x) => x.type === 'watch' && x.event.kind === 'migration_problem'));
    const report = events.filter((e) => e.type === 'migrations').at(-1);
    expect(report?.type === 'migrations' && report.report.problems.map((p) => p.kind)).toEqual(['modified']);
  });

  it('find returns the page with the plan and what it scanned; migrate runs through the admin API', async () => {
    const s = await serve();
    await s.db.insert('users', [
      { _id: 'u1', email: 'a@example.com', name: 'A', created_at: '2026-03-04T05:06:07Z' },
      { _id: 'u2', email: 'b@example.com', name: 'B', created_at: '2026-03-04T05:06:07Z' },
    ]);
    feed = new RemoteFeed(new ServerClient((await resolveAttachTarget({ dir })).access), { summary: { url: s.url, pid: s.pid, started_at: s.started_at, keys: null } });
    const page = await feed.find('users', { filter: { email: 'b@example.com' }, limit: 20 });
    expect(page.data.map((d) => d._id)).toEqual(['u2']);
    expect(page.explain).toMatchObject({ scan: 'INDEX_EQ', index: 'email_unique' });
    expect(page.documents_scanned).toBe(1);
    const first = await feed.find('users', { limit: 1 });
    expect(first.next_cursor).toEqual(expect.any(String));

    writeFileSync(
      join(dir, 'migrations', '002_tags.aeromigration.json'),
      JSON.stringify({ version: '002', name: 'tags', up: [{ op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true } }, indexes: [] } }], down: [{ op: 'drop_collection', collection: 'tags' }] }),
    );
    const up = await feed.migrate('up', '002');
    expect(up.steps.map((x) => x.version)).toEqual(['002']);
    const down = await feed.migrate('down', '001');
    expect(down).toMatchObject({ direction: 'down', current: '001' });
  });

  it('finds no server to attach to with the reason and the fix', async () => {
    await expect(resolveAttachTarget({ dir })).rejects.toMatchObject({ code: 'AERO_CONFIG_NO_SERVER', hint: expect.stringContaining('aerodb serve') });
    const error = await resolveAttachTarget({ dir, url: 'http://127.0.0.1:9', serviceKey: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AeroError);
    expect(error).toMatchObject({ code: 'AERO_CONFIG_NO_SERVER', message: expect.stringContaining('http://127.0.0.1:9/api/health') });
  });
});
