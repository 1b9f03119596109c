// Bad input through the Database API: every mistake gets a registry code, a message naming the
// culprit, details and a hint, and nothing is half-applied (same LSN, same documents, same schema).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { ERROR_REGISTRY } from '../../../src/engine/errors/registry.js';
import type { CollectionSchema, NewDoc, Query, SchemaOp } from '../../../src/engine/types.js';
import { TempDirs } from './temp-dirs.js';

const temp = new TempDirs();

const POSTS: CollectionSchema = {
  collection: 'posts',
  fields: {
    _id: { type: 'string', required: true },
    title: { type: 'string', required: true, maxLength: 20 },
    status: { type: 'string', enum: ['draft', 'published'], required: true },
    views: { type: 'int' },
    score: { type: 'float', nullable: true },
    created_at: { type: 'timestamp' },
    email: { type: 'string' },
    tag: { type: 'string' },
  },
  indexes: [
    { name: 'status_idx', fields: ['status'] },
    { name: 'email_unique', fields: ['email'], unique: true },
  ],
};

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = temp.make();
  db = await openDatabase({ dir, fsync: false, maxLimit: 50 });
  await db.applySchemaOps([{ op: 'create_collection', schema: POSTS }]);
  await db.insert('posts', [
    { _id: 'p1', title: 'one', status: 'draft', email: 'a@x', tag: 'x' },
    { _id: 'p2', title: 'two', status: 'published', email: 'b@x', tag: 'x', views: 3 },
    { _id: 'p3', title: 'three', status: 'draft', tag: 'y' },
  ]);
});

afterEach(async () => {
  await db.close();
  temp.removeAll();
});

/** Awaits a rejection and checks it is a registry-coded AeroError with a message, details and hint. */
async function rejects(promise: Promise<unknown>, code: string, named: string[] = []): Promise<AeroError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(AeroError);
  const aero = error as AeroError;
  expect(aero.code).toBe(code);
  expect(aero.code in ERROR_REGISTRY).toBe(true);
  expect(aero.hint.length).toBeGreaterThan(0);
  for (const culprit of named) expect(aero.message).toContain(culprit);
  return aero;
}

/** Snapshot of everything a failed call must leave alone. */
async function snapshot(): Promise<string> {
  const docs = await db.find('posts', { limit: 50 });
  return JSON.stringify({ lsn: db.lsn, docs: docs.data, schemas: db.schemas(), stats: db.stats().collections });
}

async function unchangedAfter(fn: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await fn();
  expect(await snapshot()).toBe(before);
}

describe('unknown collections and system collections', () => {
  it('every call on an unknown collection names it and lists the known ones', async () => {
    await unchangedAfter(async () => {
      const calls: Array<Promise<unknown>> = [
        db.insert('nope', { title: 'x' }),
        db.insert('nope', [{ title: 'x' }]),
        db.get('nope', 'p1'),
        db.find('nope', { limit: 1 }),
        db.explain('nope', { limit: 1 }),
        db.update('nope', 'p1', {}),
        db.replace('nope', 'p1', {}),
        db.upsert('nope', 'p1', {}, { on_conflict: 'merge' }),
        db.delete('nope', 'p1'),
      ];
      for (const call of calls) {
        const error = await rejects(call, 'AERO_SCHEMA_UNKNOWN_COLLECTION', ['"nope"']);
        expect(error.details).toMatchObject({ collection: 'nope', known: ['posts'] });
      }
    });
  });

  it('_system.* collections can be read but never written', async () => {
    const schemas = await db.find('_system.schemas', { limit: 10 });
    expect(schemas.data.map((d) => d._id)).toEqual(['posts']);
    await unchangedAfter(async () => {
      const calls: Array<Promise<unknown>> = [
        db.insert('_system.schemas', { _id: 'evil', collection: 'evil' }),
        db.insert('_system.schemas', [{ _id: 'evil' }]),
        db.update('_system.schemas', 'posts', { collection: 'x' }),
        db.replace('_system.schemas', 'posts', {}),
        db.upsert('_system.schemas', 'posts', {}, { on_conflict: 'replace' }),
        db.delete('_system.schemas', 'posts'),
        db.insert('_system.migrations', { _id: 'm1' }),
      ];
      for (const call of calls) {
        const error = await rejects(call, 'AERO_QUERY_READ_ONLY', ['_system.']);
        expect(String(error.details.collection)).toMatch(/^_system\./);
      }
    });
    expect(db.schema('posts')?.schema_version).toBe(1);
  });

  it('schema operations cannot touch system collections', async () => {
    await unchangedAfter(async () => {
      await rejects(db.applySchemaOps([{ op: 'drop_collection', collection: '_system.schemas' }]), 'AERO_SCHEMA_SYSTEM_COLLECTION', ['_system.schemas']);
      await rejects(db.applySchemaOps([{ op: 'create_collection', schema: { ...POSTS, collection: '_system.mine' } }]), 'AERO_SCHEMA_SYSTEM_COLLECTION');
    });
  }, 20_000);
});

describe('malformed documents', () => {
  it('a document that is not an object is refused', async () => {
    await unchangedAfter(async () => {
      for (const bad of [null, 42, 'text']) await rejects(db.insert('posts', bad as unknown as NewDoc), 'AERO_VALIDATION_FAILED', ['"posts"']);
      await rejects(db.insert('posts', []), 'AERO_VALIDATION_FAILED', ['empty array']);
      await rejects(db.replace('posts', 'p1', [] as unknown as NewDoc), 'AERO_VALIDATION_FAILED', ['p1']);
      await rejects(db.update('posts', 'p1', null as unknown as Record<string, unknown>), 'AERO_VALIDATION_FAILED', ['p1']);
    });
  });

  it('every failing field is named with its JSON pointer, rule and received type', async () => {
    await unchangedAfter(async () => {
      const error = await rejects(
        db.insert('posts', { _id: 'bad', status: 'archived', views: 1.5, score: 'high', created_at: 'yesterday', mood: 'happy', title: null }),
        'AERO_VALIDATION_FAILED',
        ['"bad"', '"posts"'],
      );
      const errors = error.details.errors as Array<{ pointer: string; rule: string; received: string }>;
      expect(errors.map((e) => [e.pointer, e.rule, e.received])).toEqual([
        ['/created_at', 'timestamp', 'string'],
        ['/mood', 'undeclared', 'string'],
        ['/score', 'type', 'string'],
        ['/status', 'enum', 'string'],
        ['/title', 'nullable', 'null'],
        ['/views', 'int', 'number'],
      ]);
      expect(error.hint).toContain('/created_at');
    });
  });

  it('missing required fields, bad _id values and too-long strings', async () => {
    await unchangedAfter(async () => {
      const missing = await rejects(db.insert('posts', { _id: 'm' }), 'AERO_VALIDATION_FAILED');
      expect((missing.details.errors as Array<{ pointer: string; rule: string }>).map((e) => `${e.pointer}:${e.rule}`)).toEqual(['/status:required', '/title:required']);
      const badId = await rejects(db.insert('posts', { _id: 7 as unknown as string, title: 't', status: 'draft' }), 'AERO_VALIDATION_FAILED', ['_id']);
      expect(badId.details.errors).toEqual([{ pointer: '/_id', rule: 'type', received: 'number' }]);
      await rejects(db.insert('posts', { _id: '', title: 't', status: 'draft' }), 'AERO_VALIDATION_FAILED', ['_id']);
      const long = await rejects(db.update('posts', 'p1', { title: 'x'.repeat(21) }), 'AERO_VALIDATION_FAILED', ['"p1"']);
      expect(long.details.errors).toMatchObject([{ pointer: '/title', rule: 'maxLength' }]);
    });
  });

  it('values JSON cannot hold, __proto__ keys and oversized bulks are refused', async () => {
    await unchangedAfter(async () => {
      const json = await rejects(db.insert('posts', { _id: 'j', title: 't', status: 'draft', created_at: new Date() as unknown as string, views: 1n as unknown as number }), 'AERO_VALIDATION_FAILED');
      expect((json.details.errors as Array<{ pointer: string; rule: string; received: string }>).map((e) => [e.pointer, e.rule, e.received])).toEqual([
        ['/created_at', 'json', 'Date'],
        ['/views', 'json', 'bigint'],
      ]);
      await rejects(db.insert('posts', { _id: 'n', title: 't', status: 'draft', score: Number.NaN }), 'AERO_VALIDATION_FAILED', ['/score']);
      const proto = await rejects(db.update('posts', 'p1', JSON.parse('{"__proto__":{"title":"x"}}') as Record<string, unknown>), 'AERO_VALIDATION_FAILED', ['__proto__']);
      expect(proto.details.errors).toMatchObject([{ pointer: '/__proto__', rule: 'undeclared' }]);
      const many = Array.from({ length: 10_001 }, (_, i) => ({ _id: `b${i}`, title: 't', status: 'draft' }));
      const batch = await rejects(db.insert('posts', many), 'AERO_LIMIT_BATCH_TOO_LARGE', ['10001', '10000']);
      expect(batch.details).toEqual({ count: 10_001, limit: 10_000 });
    });
  });

  it('an update, replace or upsert cannot change _id', async () => {
    await unchangedAfter(async () => {
      await rejects(db.update('posts', 'p1', { _id: 'p9' }), 'AERO_VALIDATION_ID_MISMATCH', ['p9']);
      await rejects(db.replace('posts', 'p1', { _id: 'p9', title: 't', status: 'draft' }), 'AERO_VALIDATION_ID_MISMATCH', ['p9']);
      await rejects(db.upsert('posts', 'p1', { _id: 'p9', title: 't', status: 'draft' }, { on_conflict: 'replace' }), 'AERO_VALIDATION_ID_MISMATCH', ['p9']);
    });
  });
});

describe('bulk inserts are all-or-nothing', () => {
  it('a duplicate _id inside the bulk names the _id and its position; nothing is written', async () => {
    await unchangedAfter(async () => {
      const error = await rejects(
        db.insert('posts', [
          { _id: 'n1', title: 'a', status: 'draft' },
          { _id: 'n2', title: 'b', status: 'draft' },
          { _id: 'n1', title: 'c', status: 'draft' },
        ]),
        'AERO_VALIDATION_DUPLICATE_ID',
        ['"n1"'],
      );
      expect(error.details).toMatchObject({ _id: 'n1', index: 2 });
    });
    expect(await db.get('posts', 'n2')).toBeNull();
  });

  it('a duplicate of an existing _id, an invalid document or a unique clash fails the whole bulk', async () => {
    await unchangedAfter(async () => {
      await rejects(db.insert('posts', [{ _id: 'n1', title: 'a', status: 'draft' }, { _id: 'p2', title: 'b', status: 'draft' }]), 'AERO_VALIDATION_DUPLICATE_ID', ['"p2"']);
      const invalid = await rejects(db.insert('posts', [{ _id: 'n1', title: 'a', status: 'draft' }, { _id: 'n2', title: 'b', status: 'gone' }]), 'AERO_VALIDATION_FAILED', ['document #1', '"n2"']);
      expect(invalid.details).toMatchObject({ index: 1 });
      const clash = await rejects(
        db.insert('posts', [{ _id: 'n1', title: 'a', status: 'draft', email: 'new@x' }, { _id: 'n2', title: 'b', status: 'draft', email: 'new@x' }]),
        'AERO_VALIDATION_UNIQUE',
        ['email_unique', 'new@x'],
      );
      expect(clash.details).toMatchObject({ index: 'email_unique', fields: ['email'], value: 'new@x' });
      await rejects(db.insert('posts', [{ _id: 'n1', title: 'a', status: 'draft', email: 'a@x' }]), 'AERO_VALIDATION_UNIQUE', ['email_unique', '"p1"']);
    });
    expect(await db.get('posts', 'n1')).toBeNull();
  });

  it('unique clashes on update and replace leave both documents as they were', async () => {
    await unchangedAfter(async () => {
      await rejects(db.update('posts', 'p2', { email: 'a@x' }), 'AERO_VALIDATION_UNIQUE', ['email_unique', '"p1"']);
      await rejects(db.replace('posts', 'p3', { title: 't', status: 'draft', email: 'b@x' }), 'AERO_VALIDATION_UNIQUE', ['"p2"']);
      await rejects(db.upsert('posts', 'p9', { title: 't', status: 'draft', email: 'b@x' }, { on_conflict: 'merge' }), 'AERO_VALIDATION_UNIQUE', ['"p2"']);
    });
  });
});

describe('missing documents and upsert conflicts', () => {
  it('update, replace and delete of a missing document are AERO_NOT_FOUND naming it', async () => {
    await unchangedAfter(async () => {
      for (const call of [db.update('posts', 'ghost', { title: 'x' }), db.replace('posts', 'ghost', { title: 'x', status: 'draft' }), db.delete('posts', 'ghost')]) {
        const error = await rejects(call, 'AERO_NOT_FOUND', ['"ghost"', '"posts"']);
        expect(error.details).toEqual({ collection: 'posts', _id: 'ghost' });
      }
    });
    expect(await db.get('posts', 'ghost')).toBeNull();
  });

  it('upsert with on_conflict=error refuses an existing document and keeps it', async () => {
    await unchangedAfter(async () => {
      const error = await rejects(db.upsert('posts', 'p1', { title: 'changed', status: 'draft' }, { on_conflict: 'error' }), 'AERO_QUERY_CONFLICT', ['posts/p1', 'on_conflict=error']);
      expect(error.details).toEqual({ collection: 'posts', _id: 'p1' });
      await rejects(db.upsert('posts', 'p1', { title: 'x', status: 'draft' }, { on_conflict: 'overwrite' as 'error' }), 'AERO_QUERY_INVALID', ['on_conflict', 'overwrite']);
    });
    // the same call creates a missing document
    const created = await db.upsert('posts', 'p4', { title: 'four', status: 'draft' }, { on_conflict: 'error' });
    expect(created.created).toBe(true);
  });
});

describe('bad queries', () => {
  async function rejectsQuery(query: Query, code: string, field: string | null, named: string[] = []): Promise<AeroError> {
    let error: AeroError | undefined;
    await unchangedAfter(async () => {
      error = await rejects(db.find('posts', query), code, named);
    });
    // explain reports the same rejection instead of throwing
    const explain = await db.explain('posts', query);
    expect(explain.accepted).toBe(false);
    expect(explain.rejection).toEqual({ code, message: error!.message, field, hint: error!.hint });
    return error!;
  }

  it('limit: missing, malformed, and over max_limit', async () => {
    await rejectsQuery({ filter: { status: 'draft' } }, 'AERO_QUERY_UNBOUNDED', 'limit', ['limit']);
    for (const limit of [0, 2.5, -1, '10']) await rejectsQuery({ limit: limit as number }, 'AERO_QUERY_INVALID', 'limit', ['"limit"']);
    const over = await rejectsQuery({ limit: 51 }, 'AERO_QUERY_LIMIT_EXCEEDED', 'limit', ['51', '50']);
    expect(over.details).toMatchObject({ limit: 51, max_limit: 50 });
  });

  it('unknown operators name the operator and the field', async () => {
    const nested = await rejectsQuery({ filter: { status: { $regex: '^d' } }, limit: 5 }, 'AERO_QUERY_UNKNOWN_OPERATOR', 'status', ['$regex', '"status"']);
    expect(nested.details).toEqual({ operator: '$regex', field: 'status' });
    const top = await rejectsQuery({ filter: { $nor: [{ status: 'draft' }] }, limit: 5 }, 'AERO_QUERY_UNKNOWN_OPERATOR', null, ['$nor']);
    expect(top.details).toEqual({ operator: '$nor', field: null });
  });

  it('a filter value of the wrong type names the field and the expected type', async () => {
    const text = await rejectsQuery({ filter: { status: 'draft', views: 'ten' }, limit: 5 }, 'AERO_QUERY_INVALID', 'views', ['"views"', 'int']);
    expect(text.details).toMatchObject({ field: 'views', expected: 'int', received: 'string' });
    await rejectsQuery({ filter: { status: 'draft', created_at: { $gte: 'yesterday' } }, limit: 5 }, 'AERO_QUERY_INVALID', 'created_at', ['"created_at"', 'timestamp']);
    await rejectsQuery({ filter: { status: { $gt: null } }, limit: 5 }, 'AERO_QUERY_INVALID', 'status', ['"status"']);
    await rejectsQuery({ filter: { status: null }, limit: 5 }, 'AERO_QUERY_INVALID', 'status', ['required']);
    await rejectsQuery({ filter: { status: { $in: 'draft' } }, limit: 5 }, 'AERO_QUERY_INVALID', 'status', ['$in']);
    await rejectsQuery({ filter: { status: 'draft', score: { $exists: 'yes' } }, limit: 5 }, 'AERO_QUERY_INVALID', 'score', ['$exists']);
  });

  it('unknown fields, unknown query keys and bad sorts', async () => {
    const unknown = await rejectsQuery({ filter: { colour: 'red' }, limit: 5 }, 'AERO_SCHEMA_UNKNOWN_FIELD', 'colour', ['"colour"']);
    expect(unknown.details).toMatchObject({ collection: 'posts', field: 'colour' });
    await rejectsQuery({ where: { status: 'draft' }, limit: 5 } as Query, 'AERO_QUERY_INVALID', null, ['"where"']);
    await rejectsQuery({ sort: [{ field: 'status', order: 'up' as 'asc' }], limit: 5 }, 'AERO_QUERY_INVALID', 'status', ['"up"']);
    await rejectsQuery({ sort: [{ field: 'colour', order: 'asc' }], limit: 5 }, 'AERO_SCHEMA_UNKNOWN_FIELD', 'colour', ['"colour"']);
  });

  it('unindexed and unbounded filters name the index to add', async () => {
    const unindexed = await rejectsQuery({ filter: { tag: 'x' }, limit: 5 }, 'AERO_QUERY_UNINDEXED_FIELD', 'tag', ['"tag"', 'add_index']);
    expect(unindexed.details).toMatchObject({ suggested_index: { name: 'tag_idx', fields: ['tag'] } });
    expect(unindexed.hint).toContain('"op":"add_index"');
    await rejectsQuery({ filter: { status: { $ne: 'draft' } }, limit: 5 }, 'AERO_QUERY_UNBOUNDED', 'status', ['"status"']);
    const sort = await rejectsQuery({ filter: { status: 'draft' }, sort: [{ field: 'views', order: 'desc' }], limit: 5 }, 'AERO_QUERY_UNINDEXED_FIELD', 'views', ['status_idx']);
    expect(sort.details).toMatchObject({ suggested_index: { fields: ['status', 'views'] } });
  });

  it('a cursor that is malformed or from another sort is AERO_QUERY_INVALID_CURSOR', async () => {
    await rejectsQuery({ limit: 1, cursor: 'not base64!' }, 'AERO_QUERY_INVALID_CURSOR', null, ['cursor']);
    const page = await db.find('posts', { filter: { status: 'draft' }, limit: 1 });
    expect(page.next_cursor).not.toBeNull();
    await rejectsQuery({ filter: { email: 'a@x' }, sort: [{ field: 'email', order: 'asc' }], limit: 1, cursor: page.next_cursor! }, 'AERO_QUERY_INVALID_CURSOR', null, ['different sort']);
  });
});

describe('malformed schema operations', () => {
  async function rejectsOps(ops: unknown, code: string, pointer: string | undefined, named: string[] = []): Promise<AeroError> {
    let error: AeroError | undefined;
    await unchangedAfter(async () => {
      error = await rejects(db.applySchemaOps(ops as SchemaOp[]), code, named);
    });
    if (pointer !== undefined) expect(error!.details.pointer).toBe(pointer);
    return error!;
  }

  it('shape errors carry the JSON pointer of the culprit', async () => {
    await rejectsOps({ op: 'add_field' }, 'AERO_SCHEMA_INVALID', '', ['array']);
    await rejectsOps([{ op: 'add_feild', collection: 'posts' }], 'AERO_SCHEMA_INVALID', '/0/op', ['add_feild']);
    await rejectsOps([{ op: 'add_field', collection: 'posts', field: { name: 'x', type: 'strng' } }], 'AERO_SCHEMA_INVALID', '/0/field/type', ['/0/field/type', 'strng']);
    await rejectsOps([{ op: 'add_index', collection: 'posts', index: { name: 'i', fields: ['tag'], uniq: true } }], 'AERO_SCHEMA_INVALID', '/0/index/uniq', ['uniq']);
    await rejectsOps(
      [{ op: 'create_collection', schema: { collection: 'users', fields: { name: { type: 'string' } } } }],
      'AERO_SCHEMA_INVALID',
      '/0/schema/fields',
      ['_id'],
    );
    await rejectsOps(
      [{ op: 'create_collection', schema: { collection: 'users', fields: { _id: { type: 'string', required: true } }, indexes: [{ name: 'n', fields: ['name'] }] } }],
      'AERO_SCHEMA_INVALID',
      '/0/schema/indexes/0/fields/0',
      ['"name"'],
    );
  });

  it('a later failing op undoes nothing because nothing of the call was applied', async () => {
    const error = await rejectsOps(
      [
        { op: 'create_collection', schema: { collection: 'users', fields: { _id: { type: 'string', required: true } } } },
        { op: 'add_field', collection: 'posts', field: { name: 'rank', type: 'int', default: 0 } },
        { op: 'add_index', collection: 'posts', index: { name: 'views_idx', fields: ['viewz'] } },
      ],
      'AERO_SCHEMA_INVALID',
      '/2/index/fields/0',
      ['op 2', 'viewz'],
    );
    expect(error.details.op).toBe(2);
    expect(db.schema('users')).toBeUndefined();
    expect(db.schema('posts')?.fields['rank']).toBeUndefined();
  });

  it('semantic refusals: existing names, fields in use, required without default, conflicting data', async () => {
    await rejectsOps([{ op: 'create_collection', schema: POSTS }], 'AERO_SCHEMA_COLLECTION_EXISTS', undefined, ['"posts"']);
    await rejectsOps([{ op: 'add_field', collection: 'posts', field: { name: 'tag', type: 'string' } }], 'AERO_SCHEMA_FIELD_EXISTS', undefined, ['"tag"']);
    await rejectsOps([{ op: 'remove_field', collection: 'posts', field: 'email' }], 'AERO_SCHEMA_FIELD_IN_USE', undefined, ['"email"', 'email_unique']);
    await rejectsOps([{ op: 'add_field', collection: 'posts', field: { name: 'rank', type: 'int', required: true } }], 'AERO_SCHEMA_REQUIRED_WITHOUT_DEFAULT', undefined, ['"rank"']);
    await rejectsOps([{ op: 'drop_index', collection: 'posts', name: 'nope_idx' }], 'AERO_SCHEMA_UNKNOWN_INDEX', undefined, ['nope_idx']);
    await rejectsOps([{ op: 'add_field', collection: 'nope', field: { name: 'x', type: 'int' } }], 'AERO_SCHEMA_UNKNOWN_COLLECTION', undefined, ['"nope"']);
    const conflict = await rejectsOps([{ op: 'change_field', collection: 'posts', field: { name: 'tag', type: 'string', enum: ['x'] } }], 'AERO_SCHEMA_DATA_CONFLICT', undefined, ['"p3"', '"tag"']);
    expect(conflict.details).toMatchObject({ collection: 'posts', field: 'tag', count: 1, ids: ['p3'] });
  });

  it('a unique add_index over duplicate data names the index and value and leaves the schema unchanged, also after reopen', async () => {
    const before = JSON.stringify(db.schemas());
    const error = await rejectsOps(
      [
        { op: 'add_field', collection: 'posts', field: { name: 'rank', type: 'int', default: 1 } },
        { op: 'add_index', collection: 'posts', index: { name: 'tag_unique', fields: ['tag'], unique: true } },
      ],
      'AERO_VALIDATION_UNIQUE',
      undefined,
      ['tag_unique', '"x"'],
    );
    expect(error.details).toMatchObject({ index: 'tag_unique', fields: ['tag'], value: 'x' });
    // queries still plan against the old index set
    const explain = await db.explain('posts', { filter: { tag: 'x' }, limit: 5 });
    expect(explain.accepted).toBe(false);
    await db.close();
    db = await openDatabase({ dir, fsync: false, maxLimit: 50 });
    expect(JSON.stringify(db.schemas())).toBe(before);
    expect((await db.get('posts', 'p1'))?.['rank']).toBeUndefined();
    // a non-unique index on the same data is fine
    await db.applySchemaOps([{ op: 'add_index', collection: 'posts', index: { name: 'tag_idx', fields: ['tag'] } }]);
    expect(db.schema('posts')?.schema_version).toBe(2);
  });
});

describe('a closed database', () => {
  it('refuses every call with AERO_STORAGE_CLOSED naming the directory', async () => {
    await db.close();
    for (const call of [db.insert('posts', { title: 't', status: 'draft' }), db.get('posts', 'p1'), db.find('posts', { limit: 1 }), db.checkpoint()]) {
      await rejects(call, 'AERO_STORAGE_CLOSED', [dir]);
    }
    db = await openDatabase({ dir, fsync: false });
    expect(await db.get('posts', 'p1')).not.toBeNull();
  });
});
