import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AeroError } from '../../src/engine/errors/aero-error.js';
import { explainQuery } from '../../src/services/explain-query.js';
import { initProject } from '../../src/services/init-project.js';
import { runMigrateDown, runMigrateUp } from '../../src/services/migrate-apply.js';
import { createMigration } from '../../src/services/migrate-new.js';
import { resolveModified } from '../../src/services/migrate-resolve.js';
import { migrationStatus, verifyMigrations } from '../../src/services/migrate-status.js';

const EXAMPLE = fileURLToPath(new URL('../../migrations-example', import.meta.url));
const clock = () => new Date('2026-03-04T05:06:07.000Z');

let tmp: string;
let dir: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-svc-'));
  dir = join(tmp, 'example');
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.aerodb') && !src.endsWith('/schemas') });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function schemaFiles(): Record<string, string> {
  const schemas = join(dir, 'schemas');
  if (!existsSync(schemas)) return {};
  return Object.fromEntries(readdirSync(schemas).sort().map((f) => [f, readFileSync(join(schemas, f), 'utf8')]));
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

describe('schemas/*.json follow the applied state', () => {
  it('up to the end, down 000, up again: byte-identical schema files', async () => {
    const up = await runMigrateUp({ dir, clock });
    expect(up.steps.map((s) => s.version)).toEqual(['001', '002', '003', '004', '005', '006', '007']);
    expect(up.schema_files.written).toEqual(['comments.json', 'posts.json', 'users.json']);
    const first = schemaFiles();
    expect(first['users.json']).toMatch(/^\{\n  "collection": "users",\n  "schema_version": \d+,/);
    expect(first['users.json']!.endsWith('}\n')).toBe(true);
    expect(first['users.json']).toContain('"display_name"');

    const down = await runMigrateDown({ dir, clock, target: '000' });
    expect(down.steps.map((s) => s.version)).toEqual(['007', '006', '005', '004', '003', '002', '001']);
    expect(down.schema_files.deleted).toEqual(['comments.json', 'posts.json', 'users.json']);
    expect(schemaFiles()).toEqual({});
    expect(down.current).toBeNull();

    await runMigrateUp({ dir, clock });
    expect(schemaFiles()).toEqual(first);
  });

  it('a rewrite touches only changed files', async () => {
    await runMigrateUp({ dir, clock, target: '002' });
    const report = await runMigrateUp({ dir, clock, target: '003' });
    expect(report.schema_files).toEqual({ written: ['users.json'], deleted: [], overwritten_edits: [] });
  });

  it('keeps a hand edit of an untouched collection; reports one a migration overwrote', async () => {
    await runMigrateUp({ dir, clock, target: '002' });
    const posts = join(dir, 'schemas', 'posts.json');
    const users = join(dir, 'schemas', 'users.json');
    const editedPosts = readFileSync(posts, 'utf8').replace('"maxLength": 200', '"maxLength": 250');
    writeFileSync(posts, editedPosts);
    writeFileSync(users, readFileSync(users, 'utf8').replace('"name": {', '"nickname": { "type": "string" },\n    "name": {'));
    const report = await runMigrateUp({ dir, clock, target: '003' }); // 003 touches users only
    expect(report.schema_files).toEqual({ written: ['users.json'], deleted: [], overwritten_edits: ['users.json'] });
    expect(readFileSync(posts, 'utf8')).toBe(editedPosts);
    expect((await migrationStatus({ dir })).drift.entries.map((e) => e.file)).toEqual(['posts.json']);
  });
});

describe('drift between schemas/ and the applied schemas', () => {
  beforeEach(async () => {
    await runMigrateUp({ dir, clock });
  });

  it('reports a hand edit field by field, fails verify, and drafts the migration with --from-schemas', async () => {
    const file = join(dir, 'schemas', 'users.json');
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    schema.fields.bio = { type: 'string', maxLength: 280 };
    schema.fields.email.maxLength = 320;
    writeFileSync(file, JSON.stringify(schema, null, 2));

    const status = await migrationStatus({ dir });
    expect(status.drift.clean).toBe(false);
    expect(status.drift.entries).toEqual([
      { file: 'users.json', collection: 'users', kind: 'changed', changes: ['field "email" changed: maxLength (none) -> 320', 'field "bio" added (string)'] },
    ]);
    expect(status.drift.fix).toContain('aerodb migrate new NAME --from-schemas');
    const verify = await verifyMigrations({ dir });
    expect(verify.ok).toBe(false);
    expect(verify.summary).toBe('failed: 0 migration problems, 1 drifted schema file');

    const draft = await createMigration({ dir, name: 'user bio', fromSchemas: true });
    expect(draft).toMatchObject({ created: true, version: '008', name: 'user_bio', file: join('migrations', '008_user_bio.aeromigration.json') });
    expect(draft.up).toEqual([
      { op: 'add_field', collection: 'users', field: { name: 'bio', type: 'string', maxLength: 280 } },
      { op: 'change_field', collection: 'users', field: { name: 'email', type: 'string', required: true, maxLength: 320 } },
    ]);
    expect(JSON.parse(readFileSync(join(dir, draft.file!), 'utf8'))).toEqual({ version: '008', name: 'user_bio', up: draft.up, down: draft.down });
    // written for review only: still pending, the drift is still there
    expect((await migrationStatus({ dir })).migrations.at(-1)).toMatchObject({ version: '008', state: 'pending' });

    expect((await runMigrateUp({ dir, clock })).schema_files).toEqual({ written: ['users.json'], deleted: [], overwritten_edits: [] });
    const after = await migrationStatus({ dir });
    expect(after.drift.clean).toBe(true);
    expect((await verifyMigrations({ dir })).ok).toBe(true);
  });

  it('reports added, missing and unreadable files; migrate up leaves a hand-drafted new collection alone', async () => {
    writeFileSync(join(dir, 'schemas', 'tags.json'), JSON.stringify({ collection: 'tags', fields: { _id: { type: 'string', required: true } } }));
    rmSync(join(dir, 'schemas', 'comments.json'));
    writeFileSync(join(dir, 'schemas', 'posts.json'), '{ not json');
    const drift = (await migrationStatus({ dir })).drift;
    expect(drift.entries.map((e) => `${e.file}:${e.kind}`)).toEqual(['comments.json:missing', 'posts.json:unreadable', 'tags.json:added']);

    const draftError = await rejected(createMigration({ dir, name: 'tags', fromSchemas: true }));
    expect(draftError.code).toBe('AERO_SCHEMA_INVALID');
    expect(draftError.message).toContain('posts.json');

    const down = await runMigrateDown({ dir, clock, target: '006' });
    expect(down.schema_files).toEqual({ written: ['comments.json', 'posts.json'], deleted: [], overwritten_edits: ['posts.json'] });
    expect(existsSync(join(dir, 'schemas', 'tags.json'))).toBe(true);
    expect(existsSync(join(dir, 'schemas', 'comments.json'))).toBe(true);
  });

  it('new without drift: a skeleton; --from-schemas with nothing to draft writes nothing', async () => {
    const nothing = await createMigration({ dir, name: 'noop', fromSchemas: true });
    expect(nothing).toMatchObject({ created: false, file: null });
    expect(readdirSync(join(dir, 'migrations'))).toHaveLength(7);
    const skeleton = await createMigration({ dir, name: 'Add Comment Likes' });
    expect(skeleton.file).toBe(join('migrations', '008_add_comment_likes.aeromigration.json'));
    expect(readFileSync(join(dir, skeleton.file!), 'utf8')).toBe('{\n  "version": "008",\n  "name": "add_comment_likes",\n  "up": [],\n  "down": []\n}\n');
    expect((await rejected(createMigration({ dir, name: '***' }))).code).toBe('AERO_CONFIG_USAGE');
  });
});

describe('resolve through the service', () => {
  it('accepts an edited file with a reason and keeps the decision in history', async () => {
    await runMigrateUp({ dir, clock, target: '002' });
    const file = join(dir, 'migrations', '002_add_email_verified.aeromigration.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('A required flag', 'A required boolean flag'));
    expect((await migrationStatus({ dir })).migrations[1]).toMatchObject({ state: 'modified' });
    const result = await resolveModified({ dir, clock, version: '002', reason: 'reworded the description' });
    expect(result.changed).toBe(true);
    expect((await migrationStatus({ dir })).migrations[1]).toMatchObject({ state: 'applied', checksum: result.checksum });
  });
});

describe('init', () => {
  it('scaffolds, writes keys with mode 0600, applies 001 and writes schemas/', async () => {
    const root = join(tmp, 'app');
    const report = await initProject({ dir: root, cwd: tmp, clock });
    expect(report.files).toEqual([
      '.gitignore', 'README.md', 'aerodb.toml', 'functions/hello/function.json', 'functions/hello/index.ts', 'migrations/001_init.aeromigration.json',
    ]);
    expect(report.migrate.steps.map((s) => s.version)).toEqual(['001']);
    expect(report.migrate.schema_files.written).toEqual(['comments.json', 'posts.json', 'users.json']);
    expect(statSync(join(root, '.aerodb', 'keys.json')).mode & 0o777).toBe(0o600);
    expect(report.next_steps[0]).toBe('cd app');
    const posts = JSON.parse(readFileSync(join(root, 'schemas', 'posts.json'), 'utf8'));
    expect(posts.indexes.map((i: { name: string }) => i.name)).toContain('content_search');
    expect(posts.rls.owner_field).toBe('author_id');
    expect(posts.projections[0].name).toBe('published_posts');

    const err = await rejected(initProject({ dir: root, cwd: tmp }));
    expect(err.code).toBe('AERO_CONFIG_PROJECT_EXISTS');
    const keys = readFileSync(join(root, '.aerodb', 'keys.json'), 'utf8');
    const again = await initProject({ dir: root, cwd: tmp, force: true });
    expect(again.keys_created).toBe(false);
    expect(again.migrate.steps).toEqual([]);
    expect(readFileSync(join(root, '.aerodb', 'keys.json'), 'utf8')).toBe(keys);
  });

  it('the template query in the next steps is accepted by the planner', async () => {
    const root = join(tmp, 'app2');
    const report = await initProject({ dir: root, cwd: tmp, clock });
    const query = /explain posts '(.*)'$/.exec(report.next_steps.find((s) => s.includes('explain'))!)![1]!;
    expect((await explainQuery({ dir: root, collection: 'posts', query })).accepted).toBe(true);
  });
});

describe('explain and the data source', () => {
  it('rejects malformed query JSON before opening anything', async () => {
    expect((await rejected(explainQuery({ dir, collection: 'posts', query: '{nope' }))).code).toBe('AERO_QUERY_MALFORMED_JSON');
    expect((await rejected(explainQuery({ dir, collection: 'posts', query: '[1]' }))).code).toBe('AERO_QUERY_INVALID');
  });

  it('opens the data directory when server.json is stale (dead pid) or its server does not answer', async () => {
    await runMigrateUp({ dir, clock, target: '001' });
    const serverJson = join(dir, '.aerodb', 'server.json');
    // a live pid (this process) but nothing listening: /api/health fails, so the direct path is used
    writeFileSync(serverJson, JSON.stringify({ url: 'http://127.0.0.1:9', pid: process.pid, admin_token: 'x' }));
    expect((await migrationStatus({ dir })).current).toBe('001');
    writeFileSync(serverJson, JSON.stringify({ url: 'http://127.0.0.1:7420', pid: 2 ** 22 + 12345, admin_token: 'x' }));
    expect((await migrationStatus({ dir })).current).toBe('001');
  });
});

describe('the hooks aerodb serve plugs into /admin/migrations', () => {
  it('run the same operations over the database the server owns, without closing it', async () => {
    const { loadProject } = await import('../../src/config/load-config.js');
    const { openDatabase } = await import('../../src/engine/database.js');
    const { serverMigrationHooks } = await import('../../src/services/server-migration-hooks.js');
    const project = loadProject({ dir });
    const db = await openDatabase({ dir: project.dataDir, fsync: false });
    try {
      const hooks = serverMigrationHooks(project, db, clock);
      expect((await hooks.up('002')).steps.map((s) => s.version)).toEqual(['001', '002']);
      expect((await hooks.status()).current).toBe('002');
      expect((await hooks.down('001')).current).toBe('001');
      expect(readFileSync(join(dir, 'schemas', 'users.json'), 'utf8')).not.toContain('email_verified');
      expect(db.schemas().map((s) => s.collection)).toEqual(['comments', 'posts', 'users']);
    } finally {
      await db.close();
    }
  });
});

describe('a failing migration in the middle of up', () => {
  it('keeps the earlier ones applied, says which, and rewrites schemas/ for them', async () => {
    await runMigrateUp({ dir, clock, target: '001' });
    const { openDatabase } = await import('../../src/engine/database.js');
    const db = await openDatabase({ dir: join(dir, '.aerodb'), fsync: false });
    await db.insert('users', [{ _id: 'u1', email: 'ada@example.com', name: 'Ada' }]);
    await db.close();
    writeFileSync(join(dir, 'migrations', '008_short_emails.aeromigration.json'), JSON.stringify({
      version: '008', name: 'short_emails',
      up: [{ op: 'change_field', collection: 'users', field: { name: 'email', type: 'string', required: true, maxLength: 3 } }],
      down: [{ op: 'change_field', collection: 'users', field: { name: 'email', type: 'string', required: true } }],
    }));
    const err = await rejected(runMigrateUp({ dir, clock }));
    expect(err.code).toBe('AERO_MIGRATION_FAILED');
    expect(err.message).toMatch(/^008_short_emails\.aeromigration\.json \/up\/0: AERO_SCHEMA_DATA_CONFLICT: .*"u1".*Nothing of 008 was applied\. \(applied before it: 002, 003, 004, 005, 006, 007\)$/);
    expect(err.details['applied_before_failure']).toEqual(['002', '003', '004', '005', '006', '007']);
    const status = await migrationStatus({ dir });
    expect(status.current).toBe('007');
    expect(status.drift.clean).toBe(true);
  });
});
