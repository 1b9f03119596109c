// Each view drawn by ink for a given model, and keys that switch views and act (ink-testing-library).
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardController } from '../../src/ui/dashboard-controller.js';
import type { FeedEvent } from '../../src/ui/models/feed-events.js';
import { DashboardApp } from '../../src/ui/views/dashboard-app.js';
import { EPOCH, functionsSnapshot, row, ScriptedFeed, SERVER, settle, SIZE, stats, statusReport } from './ui-fixture.js';

const ARROW_RIGHT = '\u001b[C';
const ENTER = '\r';
const ESC = '\u001b';

const mounted: Array<{ unmount: () => void; controller: DashboardController }> = [];
afterEach(() => {
  for (const m of mounted.splice(0)) {
    m.unmount();
    m.controller.stop();
  }
});

function mount(events: FeedEvent[] = [], feed = new ScriptedFeed(), size = SIZE) {
  let quits = 0;
  const controller = new DashboardController(feed, { size, epochNow: () => EPOCH, onQuit: () => quits++ });
  controller.start();
  feed.emit({ type: 'server', info: SERVER }, { type: 'stats', sample: { atMs: 0, stats: stats(), opsTotal: 0 } }, ...events);
  controller.flush();
  const app = render(<DashboardApp controller={controller} />);
  mounted.push({ unmount: app.unmount, controller });
  const frame = () => app.lastFrame() ?? '';
  /** writes keys one at a time, letting ink and the feed's promises run between them */
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await settle(15);
    }
  };
  return { controller, feed, frame, type, quits: () => quits };
}

describe('dashboard views', () => {
  it('overview: URL, uptime, masked keys (k reveals), storage, ops/s, problems', async () => {
    const { frame, type, controller, feed } = mount();
    feed.emit({ type: 'stats', sample: { atMs: 1000, stats: stats(), opsTotal: 4981 } }, { type: 'log', lines: ['09:29:59.001 POST /api/collections/posts 201 0.4ms'] });
    controller.flush();
    await settle(15);
    const text = frame();
    expect(text).toContain('http://127.0.0.1:7420');
    expect(text).toContain('up 1h 02m 00s');
    expect(text).toContain('aero_anon_0123••••');
    expect(text).not.toContain('aero_anon_0123456789abcdef');
    expect(text).toContain('lsn 120 · durable 120 · checkpoint 100 · WAL 3.0 MiB');
    expect(text).toContain('2 · 1,290 documents (plus 1 _system.*)');
    expect(text).toContain('4,981/s now');
    expect(text).toMatch(/█/);
    expect(text).toContain('Problems     none');
    expect(text).toContain('POST /api/collections/posts 201');
    await type('k');
    expect(frame()).toContain('aero_anon_0123456789abcdef0123456789abcdef');
  });

  it('collections: list with counts, indexes and schema versions; enter browses; f runs a query beside its explain', async () => {
    const feed = new ScriptedFeed();
    feed.findPage = (collection, query) =>
      query.filter
        ? {
            data: [{ _id: 'p7', title: 'Hello', status: 'published' }],
            next_cursor: null,
            documents_scanned: 1,
            explain: { accepted: true, collection, schema_version: 3, planner_version: 1, scan: 'INDEX_EQ', index: 'status_created', index_fields: ['status', 'created_at'], bounds: { status: { eq: 'published' } }, limit: 20 },
          }
        : { data: [{ _id: 'p1', title: 'First' }, { _id: 'p2', title: 'Second' }], next_cursor: 'cursor-2', explain: null, documents_scanned: 2 };
    const { frame, type } = mount([], feed);
    await type('2');
    expect(frame()).toContain('3 collections');
    expect(frame()).toMatch(/posts\s+1,234\s+v3\s+_id, status_created/);
    expect(frame()).toMatch(/users\s+56\s+v1\s+_id, email_unique/);
    await type(ENTER);
    expect(feed.calls).toContain('find posts {"limit":21}');
    expect(frame()).toContain('posts · page 1 · 2 documents · n: next page');
    expect(frame()).toMatch(/p1\s+\{"title":"First"\}/);
    await type('n');
    expect(feed.calls).toContain('find posts {"limit":21,"cursor":"cursor-2"}');
    expect(frame()).toContain('page 2');
    await type('f', '\u0015', '{"filter":{"status":"published"},"limit":20}', ENTER);
    const text = frame();
    expect(text).toContain('RESULT 1 document, scanned 1');
    expect(text).toContain('{"_id":"p7","title":"Hello"');
    expect(text).toContain('EXPLAIN');
    expect(text).toContain('INDEX_EQ on status_created');
    expect(text).toContain('created_at)');
    expect(text).toContain('status = "published"');
  });

  it('migrations: status, pending, problems and drift; u applies the next after the version is typed', async () => {
    const feed = new ScriptedFeed();
    feed.status = statusReport({
      drift: { clean: false, entries: [{ file: 'users.json', collection: 'users', kind: 'changed', changes: ['field "nick" added (string)'] }], fix: 'aerodb migrate new NAME --from-schemas' },
    });
    const { frame, type } = mount([], feed);
    await type('3');
    let text = frame();
    expect(text).toContain('current 002 · 3 migrations: 2 applied, 1 pending · schemas/ drift in 1 file');
    expect(text).toMatch(/003\s+add_tags\s+pending/);
    expect(text).toContain('schemas/users.json (changed): field "nick" added (string)');
    expect(text).toContain('u: apply 003 add_tags · d: roll back 002 add_email (keeps 001)');
    await type('u');
    expect(frame()).toContain('Type 003 and press enter to apply 003 add_tags (esc cancels)');
    await type('0', '0', '3', ENTER);
    await settle(20);
    text = frame();
    expect(feed.calls).toContain('migrate up 003');
    expect(text).toContain('applied 003 add_tags (lsn 130; tags)');
  });

  it('oplog: live rows, slow ones marked, / filter, space pauses', async () => {
    const rows = [row(1, { operation: 'find' }), row(2, { collection: 'users', slow: true }), row(3, { status: 'error', error_code: 'AERO_VALIDATION_FAILED' })];
    const { frame, type, feed, controller } = mount([{ type: 'oplog', rows, skipped: 0 }]);
    await type('4');
    let text = frame();
    expect(text).toContain('● live');
    expect(text).toMatch(/find\s+posts\s+0\.42\s+40\/20\s+status_created\s+ok/);
    expect(text).toMatch(/insert\s+users\s+250\s+0\/1\s+-\s+ok SLOW/);
    expect(text).toMatch(/insert\s+posts\s+0\.42\s+0\/1\s+-\s+AERO_VALIDATION_FAILED/);
    await type('/', 'users', ENTER);
    text = frame();
    expect(text).toContain('filter: users');
    expect(text).not.toMatch(/find\s+posts/);
    await type(ESC);
    await type(' ');
    feed.emit({ type: 'oplog', rows: [row(4, { collection: 'tags' })], skipped: 0 });
    controller.flush();
    await settle(15);
    text = frame();
    expect(text).toContain('❚❚ paused · 1 new since');
    expect(text).not.toMatch(/insert\s+tags/);
    await type(ENTER);
    expect(frame()).toContain('entry op_0000000000000003');
    await type(' ');
    expect(frame()).toMatch(/insert\s+tags/);
  });

  it('functions: list, last invocations and logs of the selected one; i invokes it with JSON input', async () => {
    const feed = new ScriptedFeed();
    feed.functionsSnapshot = functionsSnapshot();
    const { frame, type } = mount([], feed);
    await type('5');
    let text = frame();
    expect(text).toMatch(/> hello\s+v2\s+http POST \/api\/functions\/hello/);
    expect(text).toMatch(/broken\s+v1\s+schedule/);
    expect(text).toContain('inv_0000a2  1000 ms  error AERO_FUNCTION_TIMEOUT');
    expect(text).toContain('info hello from the guest');
    expect(text).toContain('7 Problems (1)');
    await type('i', '\u0015', '{"name":"Ada"}', '\r');
    await settle(20);
    expect(feed.calls).toContain('invoke hello {"name":"Ada"}');
    text = frame();
    expect(text).toContain('hello v2 → {"echo":{"name":"Ada"},"name":"hello"}  (3.20 ms, inv_000001)');
  });

  it('functions says why there are none; realtime says not available yet', async () => {
    const { frame, type } = mount();
    await type('5');
    expect(frame()).toContain('Functions: not available');
    expect(frame()).toContain('this server runs no WASM functions yet');
    await type('6');
    expect(frame()).toContain('Realtime: not available yet.');
  });

  it('problems: the file and the fix of each watcher report', async () => {
    const problem = { kind: 'modified' as const, version: '002', name: 'add_email', file: '002_add_email.aeromigration.json', expected_checksum: 'a', actual_checksum: 'b', message: '002 add_email: modified after it was applied', fix: ['restore the file:    git checkout -- migrations/002_add_email.aeromigration.json'] };
    const { frame, type } = mount([{ type: 'watch', event: { kind: 'migration_problem', problem } }]);
    expect(frame()).toContain('7 Problems (1)');
    await type('7');
    const text = frame();
    expect(text).toContain('✗ MODIFIED: 002 add_email was edited after it was applied');
    expect(text).toContain('file: migrations/002_add_email.aeromigration.json');
    expect(text).toContain('fix: restore the file:    git checkout -- migrations/002_add_email.aeromigration.json');
  });

  it('arrows move between views, ? lists every key, q quits; the footer follows the view', async () => {
    const { frame, type, quits } = mount();
    expect(frame()).toContain('k reveal keys · ? keys · q quit');
    await type(ARROW_RIGHT);
    expect(frame()).toContain('enter browse documents');
    await type('?');
    expect(frame()).toContain('Keys (any key closes this)');
    expect(frame()).toContain('Oplog (paused)');
    await type('x', 'q');
    expect(quits()).toBe(1);
  });

  it('fits 80x24: short tab titles, every line within 80 columns', async () => {
    const { frame, type } = mount([{ type: 'oplog', rows: [row(1)], skipped: 0 }], new ScriptedFeed(), { columns: 80, rows: 24 });
    for (const view of ['1', '2', '3', '4', '7']) {
      await type(view);
      const lines = frame().split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    }
    expect(frame()).toContain(' 2 Colls ');
  });

  it('asks for a larger terminal below 80x24', () => {
    const { frame } = mount([], new ScriptedFeed(), { columns: 60, rows: 20 });
    expect(frame()).toContain('The dashboard needs at least 80x24; this terminal is 60x20.');
  });
});
