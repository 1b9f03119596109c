import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/engine/database-types.js';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { readMigrationHistory } from '../../../src/engine/migrations/history.js';
import { loadMigrations } from '../../../src/engine/migrations/load-migrations.js';
import { migrateDown } from '../../../src/engine/migrations/migrate-down.js';
import { migrateUp } from '../../../src/engine/migrations/migrate-up.js';
import { resolveModifiedMigration } from '../../../src/engine/migrations/resolve-modified.js';
import { computeMigrationStatus } from '../../../src/engine/migrations/status.js';
import type { SchemaOp } from '../../../src/engine/types.js';
import { dumpState, fixedClock, sandbox, type Sandbox } from './fixtures.js';

const EXAMPLE = fileURLToPath(new URL('../../../migrations-example/migrations', import.meta.url));

const BASE_UP: SchemaOp[] = [
  {
    op: 'create_collection',
    schema: {
      collection: 'users',
      fields: {
        _id: { type: 'string', required: true },
        email: { type: 'string', required: true },
        name: { type: 'string', required: true, maxLength: 100 },
        age: { type: 'int' },
      },
      indexes: [{ name: 'email_unique', fields: ['email'], unique: true }],
    },
  },
  {
    op: 'create_collection',
    schema: {
      collection: 'posts',
      fields: {
        _id: { type: 'string', required: true },
        title: { type: 'string', required: true },
        status: { type: 'string', enum: ['draft', 'published'], required: true },
        author_id: { type: 'reference', target_collection: 'users', target_field: '_id', on_delete: 'restrict', required: true },
      },
      indexes: [
        { name: 'status_idx', fields: ['status'] },
        { name: 'author_idx', fields: ['author_id'] },
      ],
    },
  },
];
const BASE_DOWN: SchemaOp[] = [
  { op: 'drop_collection', collection: 'posts' },
  { op: 'drop_collection', collection: 'users' },
];

async function seed(db: Database): Promise<void> {
  await db.insert('users', [
    { _id: 'u1', email: 'ada@example.com', name: 'Ada', age: 36 },
    { _id: 'u2', email: 'bob@example.com', name: 'Bob' },
    { _id: 'u3', email: 'cy@example.com', name: 'Cy', age: 51 },
  ]);
  await db.insert('posts', [
    { _id: 'p1', title: 'Hello', status: 'published', author_id: 'u1' },
    { _id: 'p2', title: 'Draft', status: 'draft', author_id: 'u1' },
    { _id: 'p3', title: 'Again', status: 'published', author_id: 'u2' },
  ]);
}

function sortIndexes(state: string): string {
  const parsed = JSON.parse(state) as Record<string, { schema: { indexes?: Array<{ name: string }> } }>;
  for (const entry of Object.values(parsed)) entry.schema.indexes?.sort((a, b) => (a.name < b.name ? -1 : 1));
  return JSON.stringify(parsed);
}

async function docs(db: Database, collection: string): Promise<Array<Record<string, unknown>>> {
  return (await db.find(collection, { limit: 1000 })).data as Array<Record<string, unknown>>;
}

async function rejection(fn: () => Promise<unknown>): Promise<AeroError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AeroError);
    return err as AeroError;
  }
  throw new Error('expected an AeroError');
}

let box: Sandbox;
let db: Database;

beforeEach(async () => {
  box = sandbox();
  box.write('001', 'base', BASE_UP, BASE_DOWN);
  db = await box.open();
  await migrateUp(db, loadMigrations(box.migrationsDir), { clock: fixedClock });
  await seed(db);
});

afterEach(async () => {
  await db.close();
  box.cleanup();
});

describe('every operation, up and down, on real data', () => {
  interface Case {
    name: string;
    up: SchemaOp[];
    down: SchemaOp[];
    afterUp: (db: Database) => Promise<void>;
    /** down restores the documents byte for byte (false when up destroyed data) */
    lossless: boolean;
    afterDown?: (db: Database) => Promise<void>;
  }
  const cases: Case[] = [
    {
      name: 'add_field with default backfills every document',
      up: [{ op: 'add_field', collection: 'users', field: { name: 'verified', type: 'bool', required: true, default: false } }],
      down: [{ op: 'remove_field', collection: 'users', field: 'verified' }],
      afterUp: async (db) => {
        expect((await docs(db, 'users')).map((d) => d['verified'])).toEqual([false, false, false]);
        expect(db.schema('users')?.fields['verified']).toMatchObject({ type: 'bool', required: true, default: false });
      },
      lossless: true,
    },
    {
      name: 'remove_field drops the values (down re-declares the field)',
      up: [{ op: 'remove_field', collection: 'users', field: 'age' }],
      down: [{ op: 'add_field', collection: 'users', field: { name: 'age', type: 'int' } }],
      afterUp: async (db) => {
        expect((await docs(db, 'users')).some((d) => 'age' in d)).toBe(false);
        expect(db.schema('users')?.fields['age']).toBeUndefined();
      },
      lossless: false,
      afterDown: async (db) => {
        expect(db.schema('users')?.fields['age']).toEqual({ type: 'int' });
        expect((await docs(db, 'users')).some((d) => 'age' in d)).toBe(false);
      },
    },
    {
      name: 'rename_field moves the values',
      up: [{ op: 'rename_field', collection: 'users', from: 'name', to: 'full_name' }],
      down: [{ op: 'rename_field', collection: 'users', from: 'full_name', to: 'name' }],
      afterUp: async (db) => {
        expect((await docs(db, 'users')).map((d) => [d['full_name'], 'name' in d])).toEqual([['Ada', false], ['Bob', false], ['Cy', false]]);
      },
      lossless: true,
    },
    {
      name: 'change_field applies the new definition',
      up: [{ op: 'change_field', collection: 'users', field: { name: 'name', type: 'string', required: true, maxLength: 10 } }],
      down: [{ op: 'change_field', collection: 'users', field: { name: 'name', type: 'string', required: true, maxLength: 100 } }],
      afterUp: async (db) => {
        expect(db.schema('users')?.fields['name']).toMatchObject({ maxLength: 10 });
      },
      lossless: true,
    },
    {
      name: 'add_index makes the planner use it',
      up: [{ op: 'add_index', collection: 'posts', index: { name: 'title_idx', fields: ['title'] } }],
      down: [{ op: 'drop_index', collection: 'posts', name: 'title_idx' }],
      afterUp: async (db) => {
        const explain = await db.explain('posts', { filter: { title: 'Hello' }, limit: 5 });
        expect(explain).toMatchObject({ accepted: true, index: 'title_idx' });
        expect((await db.find('posts', { filter: { title: 'Hello' }, limit: 5 })).data.map((d) => d._id)).toEqual(['p1']);
      },
      lossless: true,
      afterDown: async (db) => {
        expect((await db.explain('posts', { filter: { title: 'Hello' }, limit: 5 })).accepted).toBe(false);
      },
    },
    {
      name: 'drop_index removes it from the plan choices',
      up: [{ op: 'drop_index', collection: 'posts', name: 'status_idx' }],
      down: [{ op: 'add_index', collection: 'posts', index: { name: 'status_idx', fields: ['status'] } }],
      afterUp: async (db) => {
        expect((await db.explain('posts', { filter: { status: 'draft' }, limit: 5 })).accepted).toBe(false);
      },
      lossless: true,
    },
    {
      name: 'set_rls declares the rules',
      up: [{ op: 'set_rls', collection: 'posts', rls: { read: 'public', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'author_id' } }],
      down: [{ op: 'set_rls', collection: 'posts', rls: {} }],
      afterUp: async (db) => {
        expect(db.schema('posts')?.rls).toEqual({ read: 'public', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'author_id' });
      },
      lossless: true,
    },
    {
      name: 'add_projection / drop_projection',
      up: [{ op: 'add_projection', collection: 'posts', projection: { name: 'published_titles', fields: ['_id', 'title'], filter: { status: 'published' } } }],
      down: [{ op: 'drop_projection', collection: 'posts', name: 'published_titles' }],
      afterUp: async (db) => {
        expect(db.schema('posts')?.projections).toEqual([{ name: 'published_titles', fields: ['_id', 'title'], filter: { status: 'published' } }]);
      },
      lossless: true,
    },
    {
      name: 'rename_collection moves the documents',
      up: [{ op: 'rename_collection', from: 'posts', to: 'articles' }],
      down: [{ op: 'rename_collection', from: 'articles', to: 'posts' }],
      afterUp: async (db) => {
        expect(db.schema('posts')).toBeUndefined();
        expect((await docs(db, 'articles')).map((d) => d._id)).toEqual(['p1', 'p2', 'p3']);
      },
      lossless: true,
    },
    {
      name: 'create_collection / drop_collection',
      up: [{ op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true }, label: { type: 'string' } } } }],
      down: [{ op: 'drop_collection', collection: 'tags' }],
      afterUp: async (db) => {
        expect(db.schema('tags')?.fields['label']).toEqual({ type: 'string' });
        await db.insert('tags', { _id: 't1', label: 'x' });
      },
      lossless: true,
      afterDown: async (db) => {
        expect(db.schema('tags')).toBeUndefined();
      },
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await dumpState(db);
    box.write('002', 'change', c.up, c.down);
    const migrations = loadMigrations(box.migrationsDir);
    const [step] = await migrateUp(db, migrations, { clock: fixedClock });
    expect(step).toMatchObject({ version: '002', direction: 'up' });
    await c.afterUp(db);
    const [back] = await migrateDown(db, migrations, { target: '001', clock: fixedClock });
    expect(back).toMatchObject({ version: '002', direction: 'down' });
    // (a re-added index goes to the end of the list, so index order is not compared)
    if (c.lossless) expect(sortIndexes(await dumpState(db))).toBe(sortIndexes(before));
    await c.afterDown?.(db);
    // and the state survives a reopen (it is in the WAL, not only in memory)
    const state = await dumpState(db);
    await db.close();
    db = await box.open();
    expect(await dumpState(db)).toBe(state);
  });
});

describe('history', () => {
  it('records version, name, checksum, applied_at, the LSN of the unit and the direction', async () => {
    box.write('002', 'verified', [{ op: 'add_field', collection: 'users', field: { name: 'verified', type: 'bool', default: false } }], [{ op: 'remove_field', collection: 'users', field: 'verified' }]);
    const migrations = loadMigrations(box.migrationsDir);
    const [step] = await migrateUp(db, migrations, { clock: fixedClock });
    const history = await readMigrationHistory(db);
    expect(history.map((r) => [r.version, r.direction])).toEqual([['001', 'up'], ['002', 'up']]);
    expect(history[1]).toEqual({
      _id: '002', version: '002', name: 'verified', checksum: migrations[1]!.checksum, applied_at: '2026-01-02T03:04:05.000Z', lsn: step!.lsn, direction: 'up', resolutions: [],
    });
    await migrateDown(db, migrations, { target: '001', clock: () => new Date('2026-02-01T00:00:00.000Z') });
    const after = await readMigrationHistory(db);
    expect(after[1]).toMatchObject({ version: '002', direction: 'down', applied_at: '2026-02-01T00:00:00.000Z' });
    expect(computeMigrationStatus(migrations, after).entries.map((e) => e.state)).toEqual(['applied', 'pending']);
  });

  it('up VERSION stops there; down runs newest first; down 000 rolls back everything', async () => {
    box.write('002', 'a', [{ op: 'add_field', collection: 'users', field: { name: 'a', type: 'int' } }], [{ op: 'remove_field', collection: 'users', field: 'a' }]);
    box.write('003', 'b', [{ op: 'add_field', collection: 'users', field: { name: 'b', type: 'int' } }], [{ op: 'remove_field', collection: 'users', field: 'b' }]);
    box.write('004', 'c', [{ op: 'add_field', collection: 'users', field: { name: 'c', type: 'int' } }], [{ op: 'remove_field', collection: 'users', field: 'c' }]);
    const migrations = loadMigrations(box.migrationsDir);
    expect((await migrateUp(db, migrations, { target: '003', clock: fixedClock })).map((s) => s.version)).toEqual(['002', '003']);
    expect((await migrateUp(db, migrations, { clock: fixedClock })).map((s) => s.version)).toEqual(['004']);
    expect(await migrateUp(db, migrations, { clock: fixedClock })).toEqual([]);
    const progress: string[] = [];
    const down = await migrateDown(db, migrations, { target: '002', clock: fixedClock, onProgress: (e) => progress.push(`${e.phase}:${e.version}:${e.index + 1}/${e.total}`) });
    expect(down.map((s) => s.version)).toEqual(['004', '003']);
    expect(progress).toEqual(['start:004:1/2', 'done:004:1/2', 'start:003:2/2', 'done:003:2/2']);
    expect((await migrateDown(db, migrations, { target: '000', clock: fixedClock })).map((s) => s.version)).toEqual(['002', '001']);
    expect(db.schemas()).toEqual([]);
    expect((await rejection(() => migrateUp(db, migrations, { target: '009', clock: fixedClock }))).code).toBe('AERO_MIGRATION_UNKNOWN_VERSION');
    expect((await rejection(() => migrateDown(db, migrations, { target: 'abc', clock: fixedClock }))).code).toBe('AERO_MIGRATION_UNKNOWN_VERSION');
  });
});

describe('refusals', () => {
  it('an edited applied file is modified: up refuses, a CRLF copy is not modified, resolve records the new checksum', async () => {
    box.write('002', 'pending', [], []);
    const path = join(box.migrationsDir, '001_base.aeromigration.json');
    const original = readFileSync(path, 'utf8');

    writeFileSync(path, original.replace(/\n/g, '\r\n'));
    expect(computeMigrationStatus(loadMigrations(box.migrationsDir), await readMigrationHistory(db)).problems).toEqual([]);

    writeFileSync(path, original.replace('"maxLength": 100', '"maxLength": 120'));
    const edited = loadMigrations(box.migrationsDir);
    const err = await rejection(() => migrateUp(db, edited, { clock: fixedClock }));
    expect(err.code).toBe('AERO_MIGRATION_MODIFIED');
    expect(err.hint).toContain('aerodb migrate resolve 001 --accept-modified --reason');
    expect((await readMigrationHistory(db)).map((r) => r.version)).toEqual(['001']);
    expect((await rejection(() => migrateDown(db, edited, { target: '000', clock: fixedClock }))).code).toBe('AERO_MIGRATION_MODIFIED');

    expect((await rejection(() => resolveModifiedMigration(db, edited, { version: '001', reason: '  ', clock: fixedClock }))).code).toBe('AERO_CONFIG_USAGE');
    const resolved = await resolveModifiedMigration(db, edited, { version: '001', reason: 'widened a limit in the file only', clock: fixedClock });
    expect(resolved.changed).toBe(true);
    const row = (await readMigrationHistory(db))[0]!;
    expect(row.checksum).toBe(edited[0]!.checksum);
    expect(row.resolutions).toEqual([{ resolved_at: '2026-01-02T03:04:05.000Z', reason: 'widened a limit in the file only', previous_checksum: resolved.previous_checksum, checksum: edited[0]!.checksum, lsn: resolved.lsn }]);
    expect(await migrateUp(db, edited, { clock: fixedClock })).toHaveLength(1);
    expect((await resolveModifiedMigration(db, edited, { version: '001', reason: 'again', clock: fixedClock })).changed).toBe(false);
  });

  it('a missing applied file and an out-of-order pending file refuse up', async () => {
    box.write('003', 'c', [], []);
    await migrateUp(db, loadMigrations(box.migrationsDir), { clock: fixedClock });
    box.write('002', 'late', [], []);
    const err = await rejection(() => migrateUp(db, loadMigrations(box.migrationsDir), { clock: fixedClock }));
    expect(err.code).toBe('AERO_MIGRATION_OUT_OF_ORDER');
    expect(err.hint).toContain('004_late.aeromigration.json');

    const { rmSync } = await import('node:fs');
    rmSync(join(box.migrationsDir, '002_late.aeromigration.json'));
    rmSync(join(box.migrationsDir, '003_c.aeromigration.json'));
    const missing = await rejection(() => migrateUp(db, loadMigrations(box.migrationsDir), { clock: fixedClock }));
    expect(missing.code).toBe('AERO_MIGRATION_MISSING');
    expect(missing.hint).toContain('git checkout -- migrations/003_c.aeromigration.json');
  });

  it('a failing op applies nothing of its migration and names file, pointer and cause', async () => {
    box.write('002', 'ok', [{ op: 'add_field', collection: 'users', field: { name: 'x', type: 'int' } }], [{ op: 'remove_field', collection: 'users', field: 'x' }]);
    box.write('003', 'too_short', [
      { op: 'add_field', collection: 'users', field: { name: 'y', type: 'int', default: 1 } },
      { op: 'change_field', collection: 'users', field: { name: 'name', type: 'string', required: true, maxLength: 2 } },
    ], [
      { op: 'change_field', collection: 'users', field: { name: 'name', type: 'string', required: true, maxLength: 100 } },
      { op: 'remove_field', collection: 'users', field: 'y' },
    ]);
    const before = await dumpState(db);
    const migrations = loadMigrations(box.migrationsDir);
    const err = await rejection(() => migrateUp(db, migrations, { clock: fixedClock }));
    expect(err.code).toBe('AERO_MIGRATION_FAILED');
    expect(err.message).toContain('003_too_short.aeromigration.json /up');
    expect(err.message).toContain('AERO_SCHEMA_DATA_CONFLICT');
    expect(err.message).toContain('Nothing of 003 was applied');
    expect(JSON.stringify(err.details['cause'])).toMatch(/u1|u2|u3/);
    expect((await readMigrationHistory(db)).map((r) => r.version)).toEqual(['001', '002']);
    expect(db.schema('users')?.fields['y']).toBeUndefined();
    expect(before).not.toBe(await dumpState(db)); // 002 did apply
  });

  it('a required add_field without default is rejected before anything is written', async () => {
    box.write('002', 'required', [{ op: 'add_field', collection: 'users', field: { name: 'z', type: 'int', required: true } }], [{ op: 'remove_field', collection: 'users', field: 'z' }]);
    const lsn = db.lsn;
    const err = await rejection(() => migrateUp(db, loadMigrations(box.migrationsDir), { clock: fixedClock }));
    expect(err.code).toBe('AERO_MIGRATION_FAILED');
    expect(err.message).toContain('AERO_SCHEMA_REQUIRED_WITHOUT_DEFAULT');
    expect(db.lsn).toBe(lsn);
  });
});

describe('migrations-example: up to the end, down 000, up again', () => {
  it('gives byte-identical documents and schemas', async () => {
    await db.close();
    box.cleanup();
    box = sandbox();
    db = await box.open();
    const migrations = loadMigrations(EXAMPLE);
    expect(migrations.map((m) => m.version)).toEqual(['001', '002', '003', '004', '005', '006', '007']);
    await migrateUp(db, migrations, { target: '001', clock: fixedClock });
    await db.insert('users', [{ _id: 'u1', email: 'ada@example.com', name: 'Ada' }, { _id: 'u2', email: 'bob@example.com', name: 'Bob' }]);
    await db.insert('posts', [{ _id: 'p1', title: 'Hello', status: 'published', created_at: '2026-01-01T00:00:00Z', author_id: 'u1' }]);
    await db.insert('comments', [{ _id: 'c1', post_id: 'p1', body: 'First!' }]);
    await migrateUp(db, migrations, { clock: fixedClock });
    const seeded = await dumpState(db);
    expect((await docs(db, 'users'))[0]).toMatchObject({ email_verified: false, display_name: 'Ada' });
    expect((await docs(db, 'posts'))[0]).toMatchObject({ views: 0 });

    // down to 001 and up again: the data comes back through the same ops, byte for byte
    await migrateDown(db, migrations, { target: '001', clock: fixedClock });
    await migrateUp(db, migrations, { clock: fixedClock });
    expect(await dumpState(db)).toBe(seeded);

    // down 000 and up again: the same schemas (including schema_version), byte for byte
    await migrateDown(db, migrations, { target: '000', clock: fixedClock });
    await migrateUp(db, migrations, { clock: fixedClock });
    const fresh = await dumpState(db, { withSchemaVersion: true });
    await migrateDown(db, migrations, { target: '000', clock: fixedClock });
    expect(db.schemas()).toEqual([]);
    await migrateUp(db, migrations, { clock: fixedClock });
    expect(await dumpState(db, { withSchemaVersion: true })).toBe(fresh);
  });
});
