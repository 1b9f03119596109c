import { describe, expect, test } from 'vitest';
import { planSchemaOps } from '../../../src/engine/schema/ops/plan-schema-ops.js';
import { SchemaCatalog } from '../../../src/engine/schema/schema-catalog.js';
import type { SchemaOp } from '../../../src/engine/types.js';
import { applied, catchAero, deepFreezeForTest, memoryState, postsSchema, replay, usersSchema } from './fixtures.js';

const catalog = new SchemaCatalog();

function blogState() {
  return memoryState([applied(usersSchema(), 2), applied(postsSchema(), 5)], {
    users: [
      { _id: 'u1', name: 'Ann', email: 'ann@example.com' },
      { _id: 'u2', name: 'Bob' },
    ],
    posts: [
      { _id: 'p1', title: 'One', status: 'draft', created_at: '2026-01-01T00:00:00.000Z', author_id: 'u1', views: 1 },
      { _id: 'p2', title: 'Two', status: 'published', created_at: '2026-01-02T00:00:00.000Z', author_id: 'u2', views: 2, tags: ['x'] },
      { _id: 'p3', title: 'Three', status: 'draft', created_at: '2026-01-03T00:00:00.000Z', author_id: 'u1' },
    ],
  });
}

function plan(ops: unknown[], state = blogState()) {
  return { state, plan: planSchemaOps(ops as SchemaOp[], state, catalog) };
}

function rejects(ops: unknown[], code: string, names: string[], state = blogState()) {
  const err = catchAero(() => planSchemaOps(ops as SchemaOp[], state, catalog));
  expect(err.code).toBe(code);
  for (const name of names) expect(err.message).toContain(name);
  return err;
}

describe('create_collection', () => {
  test('creates the schema at version 1 and writes its _system.schemas document', () => {
    const { plan: p } = plan([{ op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true }, label: { type: 'string' } } } }]);
    expect(p.schemas.get('tags')).toMatchObject({ collection: 'tags', schema_version: 1 });
    expect(Object.keys(p.schemas.get('tags')!)).toEqual(['collection', 'schema_version', 'fields', 'indexes', 'rls', 'projections']);
    expect(p.changed).toEqual(['tags']);
    expect(p.walOps).toEqual([{ o: 'put', c: '_system.schemas', d: { _id: 'tags', collection: 'tags', fields: expect.any(Object), indexes: [], projections: [], rls: {}, schema_version: 1 } }]);
    expect(Object.keys((p.walOps[0] as { d: object }).d)).toEqual(['_id', 'collection', 'fields', 'indexes', 'projections', 'rls', 'schema_version']);
    // untouched schemas are the same objects
    const state = blogState();
    const again = planSchemaOps([{ op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true } } } }], state, catalog);
    expect(again.schemas.get('posts')).toBe(state.schemas.get('posts'));
  });
  test('an existing name is refused', () => {
    rejects([{ op: 'create_collection', schema: usersSchema() }], 'AERO_SCHEMA_COLLECTION_EXISTS', ['"users"', 'op 0']);
  });
  test('system names are refused', () => {
    rejects([{ op: 'create_collection', schema: { ...usersSchema(), collection: '_system.users' } }], 'AERO_SCHEMA_SYSTEM_COLLECTION', ['_system.users']);
  });
  test('an invalid schema reports the pointer inside the op', () => {
    const err = rejects([{ op: 'drop_index', collection: 'users', name: 'email_unique' }, { op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true }, n: { type: 'int', maxLength: 2 } } } }], 'AERO_SCHEMA_INVALID', ['/1/schema/fields/n/maxLength', 'op 1']);
    expect(err.details['op']).toBe(1);
    expect(err.details['pointer']).toBe('/1/schema/fields/n/maxLength');
  });
  test('a reference to a collection created earlier in the same call', () => {
    const { plan: p } = plan([
      { op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true } } } },
      { op: 'create_collection', schema: { collection: 'post_tags', fields: { _id: { type: 'string', required: true }, tag: { type: 'reference', target_collection: 'tags' } } } },
    ]);
    expect(p.changed).toEqual(['post_tags', 'tags']);
  });
});

describe('drop_collection', () => {
  test('drops the documents and the schema document', () => {
    const state = memoryState([applied(usersSchema(), 2)], { users: [{ _id: 'u1', name: 'Ann' }] });
    const { plan: p } = plan([{ op: 'drop_collection', collection: 'users' }], state);
    expect(p.walOps).toEqual([{ o: 'drop', c: 'users' }, { o: 'del', c: '_system.schemas', id: 'users' }]);
    expect(p.schemas.size).toBe(0);
    expect(p.changed).toEqual(['users']);
  });
  test('unknown collection', () => {
    const err = rejects([{ op: 'drop_collection', collection: 'nope' }], 'AERO_SCHEMA_UNKNOWN_COLLECTION', ['"nope"']);
    expect(err.hint).toContain('posts, users');
  });
  test('a system collection', () => {
    rejects([{ op: 'drop_collection', collection: '_system.migrations' }], 'AERO_SCHEMA_SYSTEM_COLLECTION', ['_system.migrations']);
  });
  test('a collection others still reference is refused, naming the reference', () => {
    const err = rejects([{ op: 'drop_collection', collection: 'users' }], 'AERO_SCHEMA_COLLECTION_IN_USE', ['posts.author_id', '"users"']);
    expect(err.details).toMatchObject({ op: 0, collection: 'users', referenced_by: 'posts.author_id' });
  });
  test('dropping the referencing collection in the same call, in either order, works', () => {
    for (const order of [['users', 'posts'], ['posts', 'users']]) {
      const { plan: p } = plan(order.map((c) => ({ op: 'drop_collection', collection: c })));
      expect(p.schemas.size).toBe(0);
      expect(p.changed).toEqual(['posts', 'users']);
    }
  });
  test('a dropped name cannot be used by later ops', () => {
    rejects([{ op: 'drop_collection', collection: 'posts' }, { op: 'add_field', collection: 'posts', field: { name: 'x', type: 'bool' } }], 'AERO_SCHEMA_UNKNOWN_COLLECTION', ['op 1', 'op 0 dropped it']);
  });
  test('drop then create again under the same name starts over at version 1', () => {
    const { state, plan: p } = plan([
      { op: 'drop_collection', collection: 'posts' },
      { op: 'create_collection', schema: { collection: 'posts', fields: { _id: { type: 'string', required: true } } } },
    ]);
    expect(p.schemas.get('posts')!.schema_version).toBe(1);
    expect(replay(state, p.walOps).get('posts')).toBeUndefined();
  });
});

describe('rename_collection', () => {
  test('moves documents and carries version + 1 to the new name', () => {
    const state = memoryState([applied(usersSchema(), 2)], { users: [{ _id: 'u1', name: 'Ann' }] });
    const { plan: p } = plan([{ op: 'rename_collection', from: 'users', to: 'people' }], state);
    expect(p.walOps).toEqual([
      { o: 'move', from: 'users', to: 'people' },
      { o: 'put', c: '_system.schemas', d: expect.objectContaining({ _id: 'people', collection: 'people', schema_version: 3 }) },
      { o: 'del', c: '_system.schemas', id: 'users' },
    ]);
    expect(p.changed).toEqual(['people', 'users']);
    expect([...replay(state, p.walOps).get('people')!.keys()]).toEqual(['u1']);
  });
  test('references from other collections must be re-pointed in the same call', () => {
    const err = rejects([{ op: 'rename_collection', from: 'users', to: 'people' }], 'AERO_SCHEMA_COLLECTION_IN_USE', ['posts.author_id', '"people"']);
    expect(err.hint).toContain('change_field');
    const { state, plan: p } = plan([
      { op: 'rename_collection', from: 'users', to: 'people' },
      { op: 'change_field', collection: 'posts', field: { name: 'author_id', type: 'reference', target_collection: 'people', on_delete: 'restrict', required: true } },
    ]);
    expect(p.schemas.get('posts')!.fields['author_id']!.target_collection).toBe('people');
    expect(p.schemas.get('posts')!.schema_version).toBe(6);
    expect(p.schemas.get('people')!.schema_version).toBe(3);
    expect(replay(state, p.walOps).get('people')!.size).toBe(2);
  });
  test('self references follow the rename', () => {
    const nodes = { collection: 'nodes', fields: { _id: { type: 'string', required: true }, parent: { type: 'reference', target_collection: 'nodes', nullable: true } } };
    const state = memoryState([applied(nodes as never)], { nodes: [{ _id: 'a' }, { _id: 'b', parent: 'a' }] });
    const { plan: p } = plan([{ op: 'rename_collection', from: 'nodes', to: 'tree' }], state);
    expect(p.schemas.get('tree')!.fields['parent']!.target_collection).toBe('tree');
  });
  test('to an existing or invalid name', () => {
    rejects([{ op: 'rename_collection', from: 'users', to: 'posts' }], 'AERO_SCHEMA_COLLECTION_EXISTS', ['"posts"']);
    const err = rejects([{ op: 'rename_collection', from: 'users', to: 'People' }], 'AERO_SCHEMA_INVALID', ['"People"']);
    expect(err.details['pointer']).toBe('/0/to');
    rejects([{ op: 'rename_collection', from: 'users', to: '_system.users' }], 'AERO_SCHEMA_SYSTEM_COLLECTION', ['_system.users']);
  });
  test('a swap through a temporary name replays correctly', () => {
    const a = { collection: 'a', fields: { _id: { type: 'string', required: true } } };
    const b = { collection: 'b', fields: { _id: { type: 'string', required: true } } };
    const state = memoryState([applied(a as never), applied(b as never)], { a: [{ _id: 'from_a' }], b: [{ _id: 'from_b' }] });
    const { plan: p } = plan([
      { op: 'rename_collection', from: 'a', to: 'tmp' },
      { op: 'rename_collection', from: 'b', to: 'a' },
      { op: 'rename_collection', from: 'tmp', to: 'b' },
    ], state);
    const after = replay(state, p.walOps);
    expect([...after.get('a')!.keys()]).toEqual(['from_b']);
    expect([...after.get('b')!.keys()]).toEqual(['from_a']);
    expect(p.schemas.get('a')!.schema_version).toBe(2);
    expect(p.changed).toEqual(['a', 'b']);
  });
});

describe('add_field', () => {
  test('the default backfills every existing document (normalised, one put each)', () => {
    const { state, plan: p } = plan([{ op: 'add_field', collection: 'posts', field: { name: 'edited_at', type: 'timestamp', default: '2026-02-01T12:00:00+02:00' } }]);
    const posts = replay(state, p.walOps).get('posts')!;
    for (const doc of posts.values()) expect(doc['edited_at']).toBe('2026-02-01T10:00:00.000Z');
    expect(p.walOps.filter((op) => op.o === 'put' && op.c === 'posts')).toHaveLength(3);
    expect(p.affectedDocs.get('posts')!.size).toBe(3);
    const p1 = p.affectedDocs.get('posts')!.get('p1')!;
    expect(Object.keys(p1)).toEqual([...Object.keys(p1)].sort());
    expect(Object.isFrozen(p1)).toBe(true);
    expect(p.schemas.get('posts')!.schema_version).toBe(6);
    expect(Object.keys(p.schemas.get('posts')!.fields).at(-1)).toBe('edited_at');
  });
  test('without a default, documents are untouched', () => {
    const { plan: p } = plan([{ op: 'add_field', collection: 'posts', field: { name: 'subtitle', type: 'string' } }]);
    expect(p.walOps.map((op) => op.o + ':' + ('c' in op ? op.c : ''))).toEqual(['put:_system.schemas']);
    expect(p.affectedDocs.size).toBe(0);
  });
  test('required without default', () => {
    const err = rejects([{ op: 'add_field', collection: 'posts', field: { name: 'slug', type: 'string', required: true } }], 'AERO_SCHEMA_REQUIRED_WITHOUT_DEFAULT', ['"slug"']);
    expect(err.hint).toContain('default');
  });
  test('an existing field', () => {
    rejects([{ op: 'add_field', collection: 'posts', field: { name: 'title', type: 'string' } }], 'AERO_SCHEMA_FIELD_EXISTS', ['"title"']);
  });
  test('an invalid definition reports the pointer inside the op', () => {
    const err = rejects([{ op: 'add_field', collection: 'posts', field: { name: 'n', type: 'int', default: 'x' } }], 'AERO_SCHEMA_INVALID', ['/0/field/default']);
    expect(err.details['op']).toBe(0);
    rejects([{ op: 'add_field', collection: 'posts', field: { name: '_n', type: 'int' } }], 'AERO_SCHEMA_INVALID', ['/0/field/name']);
  });
  test('a reference field validates the backfilled value against the target', () => {
    const err = rejects([{ op: 'add_field', collection: 'posts', field: { name: 'editor', type: 'reference', target_collection: 'users', default: 'u9' } }], 'AERO_REFERENCE_MISSING', ['"p1"', '"p2"', '"p3"', '"users"']);
    expect(err.details).toMatchObject({ ids: ['p1', 'p2', 'p3'], count: 3, target: 'users' });
    const { plan: p } = plan([{ op: 'add_field', collection: 'posts', field: { name: 'editor', type: 'reference', target_collection: 'users', default: 'u2' } }]);
    expect(p.affectedDocs.get('posts')!.get('p1')!['editor']).toBe('u2');
  });
  test('dangling ids are listed up to five', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ _id: `u${i}`, name: 'x' }));
    const state = memoryState([applied(usersSchema())], { users: many });
    const err = rejects([{ op: 'add_field', collection: 'users', field: { name: 'boss', type: 'reference', target_collection: 'users', default: 'nobody' } }], 'AERO_REFERENCE_MISSING', ['7 document(s)', '...'], state);
    expect(err.details['ids']).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
  });
});

describe('remove_field', () => {
  test('strips the field from every document that has it', () => {
    const { state, plan: p } = plan([{ op: 'remove_field', collection: 'posts', field: 'views' }]);
    const posts = replay(state, p.walOps).get('posts')!;
    for (const doc of posts.values()) expect('views' in doc).toBe(false);
    // p3 never had views: no put for it
    expect([...p.affectedDocs.get('posts')!.keys()]).toEqual(['p1', 'p2']);
    expect('views' in p.schemas.get('posts')!.fields).toBe(false);
  });
  test.each([
    ['status', 'index "status_idx"'],
    ['title', 'index "content_search"'],
    ['created_at', 'projection "published_titles"'],
    ['author_id', 'rls owner_field'],
  ])('refused while %s is used (%s)', (field, user) => {
    const err = rejects([{ op: 'remove_field', collection: 'posts', field }], 'AERO_SCHEMA_FIELD_IN_USE', [user, `"${field}"`]);
    expect((err.details['users'] as string[]).join()).toContain(user);
  });
  test('a nested path in an index counts as a use of the object field', () => {
    rejects([{ op: 'add_index', collection: 'posts', index: { name: 'lang', fields: ['meta.lang'] } }, { op: 'remove_field', collection: 'posts', field: 'meta' }], 'AERO_SCHEMA_FIELD_IN_USE', ['index "lang"', 'op 1']);
  });
  test('a reverse_reference in another collection counts as a use', () => {
    rejects([
      { op: 'add_field', collection: 'users', field: { name: 'posts', type: 'reverse_reference', source_collection: 'posts', source_field: 'author_id' } },
      { op: 'set_rls', collection: 'posts', rls: {} },
      { op: 'remove_field', collection: 'posts', field: 'author_id' },
    ], 'AERO_SCHEMA_FIELD_IN_USE', ['reverse_reference users.posts', 'index "author_created"']);
  });
  test('_id and unknown fields', () => {
    rejects([{ op: 'remove_field', collection: 'posts', field: '_id' }], 'AERO_SCHEMA_FIELD_IN_USE', ['_id']);
    const err = rejects([{ op: 'remove_field', collection: 'posts', field: 'nope' }], 'AERO_SCHEMA_UNKNOWN_FIELD', ['"nope"']);
    expect(err.hint).toContain('title');
  });
});

describe('rename_field', () => {
  test('renames in documents, indexes, text weights, projections (fields and filter) and rls', () => {
    const { state, plan: p } = plan([
      { op: 'rename_field', collection: 'posts', from: 'title', to: 'headline' },
      { op: 'rename_field', collection: 'posts', from: 'status', to: 'state' },
      { op: 'rename_field', collection: 'posts', from: 'author_id', to: 'author' },
    ]);
    const schema = p.schemas.get('posts')!;
    expect(Object.keys(schema.fields).slice(0, 5)).toEqual(['_id', 'headline', 'body', 'email', 'state']);
    expect(schema.indexes!.find((i) => i.name === 'content_search')).toMatchObject({ fields: ['headline', 'body'], config: { weights: { headline: 2, body: 1 } } });
    expect(schema.indexes!.find((i) => i.name === 'status_idx')!.fields).toEqual(['state']);
    expect(schema.indexes!.find((i) => i.name === 'author_created')!.fields).toEqual(['author', 'created_at']);
    expect(schema.projections![0]).toEqual({ name: 'published_titles', fields: ['_id', 'headline', 'created_at'], filter: { state: 'published' } });
    expect(schema.rls!.owner_field).toBe('author');
    expect(schema.schema_version).toBe(6);
    const p2 = replay(state, p.walOps).get('posts')!.get('p2')!;
    expect(p2).toMatchObject({ headline: 'Two', state: 'published', author: 'u2' });
    expect('title' in p2).toBe(false);
    expect(Object.keys(p2)).toEqual([...Object.keys(p2)].sort());
  });
  test('dotted index paths follow an object field rename', () => {
    const { plan: p } = plan([
      { op: 'add_index', collection: 'posts', index: { name: 'lang', fields: ['meta.lang'] } },
      { op: 'rename_field', collection: 'posts', from: 'meta', to: 'info' },
    ]);
    expect(p.schemas.get('posts')!.indexes!.find((i) => i.name === 'lang')!.fields).toEqual(['info.lang']);
  });
  test('errors', () => {
    rejects([{ op: 'rename_field', collection: 'posts', from: 'title', to: 'body' }], 'AERO_SCHEMA_FIELD_EXISTS', ['"body"']);
    rejects([{ op: 'rename_field', collection: 'posts', from: 'nope', to: 'x' }], 'AERO_SCHEMA_UNKNOWN_FIELD', ['"nope"']);
    rejects([{ op: 'rename_field', collection: 'posts', from: '_id', to: 'id' }], 'AERO_SCHEMA_INVALID', ['_id']);
    rejects([{ op: 'rename_field', collection: 'posts', from: 'title', to: 'a-b' }], 'AERO_SCHEMA_INVALID', ['"a-b"', '/0/to']);
  });
  test('a reverse_reference in another collection must be re-pointed in the same call', () => {
    const reverse = { op: 'add_field', collection: 'users', field: { name: 'posts', type: 'reverse_reference', source_collection: 'posts', source_field: 'author_id' } };
    const rename = { op: 'rename_field', collection: 'posts', from: 'author_id', to: 'author' };
    rejects([reverse, rename], 'AERO_SCHEMA_INVALID', ['After the last op', '"users"', 'posts.author_id']);
    const { plan: p } = plan([reverse, rename, { op: 'change_field', collection: 'users', field: { name: 'posts', type: 'reverse_reference', source_collection: 'posts', source_field: 'author' } }]);
    expect(p.schemas.get('users')!.fields['posts']!.source_field).toBe('author');
  });
});

describe('change_field', () => {
  test('every existing document must validate; the first five offending _ids are named', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ _id: `u${i}`, name: i % 2 === 0 ? 'a much too long name' : 'ok' }));
    const state = memoryState([applied(usersSchema())], { users: many });
    const err = rejects([{ op: 'change_field', collection: 'users', field: { name: 'name', type: 'string', required: true, maxLength: 5 } }], 'AERO_SCHEMA_DATA_CONFLICT', ['4 existing document(s)', '"u0"', '"u6"', 'at most 5'], state);
    expect(err.details).toMatchObject({ count: 4, ids: ['u0', 'u2', 'u4', 'u6'], field: 'name' });
    expect((err.details['errors'] as Array<{ errors: Array<{ rule: string }> }>)[0]!.errors[0]!.rule).toBe('maxLength');
  });
  test('more than five conflicts list five and count all', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ _id: `u${i}`, name: 'x', email: 'not-an-email' }));
    const state = memoryState([applied(usersSchema())], { users: many });
    const err = rejects([{ op: 'change_field', collection: 'users', field: { name: 'email', type: 'string', pattern: '@' } }], 'AERO_SCHEMA_DATA_CONFLICT', ['7 existing', '...'], state);
    expect(err.details['ids']).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
  });
  test('making a field required fails for documents without it (no backfill)', () => {
    rejects([{ op: 'change_field', collection: 'posts', field: { name: 'views', type: 'int', required: true, default: 0 } }], 'AERO_SCHEMA_DATA_CONFLICT', ['"p3"', 'required']);
  });
  test('string -> timestamp re-normalises stored values', () => {
    const schema = { collection: 'events', fields: { _id: { type: 'string', required: true }, at: { type: 'string' } } };
    const state = memoryState([applied(schema as never)], { events: [{ _id: 'e1', at: '2026-01-01T10:00:00+02:00' }, { _id: 'e2', at: '2026-01-01T08:00:00.000Z' }, { _id: 'e3' }] });
    const { plan: p } = plan([{ op: 'change_field', collection: 'events', field: { name: 'at', type: 'timestamp' } }], state);
    expect(replay(state, p.walOps).get('events')!.get('e1')!['at']).toBe('2026-01-01T08:00:00.000Z');
    // e2 was already in stored form, e3 has no value: no puts for them
    expect([...p.affectedDocs.get('events')!.keys()]).toEqual(['e1']);
  });
  test('changing to a reference validates the targets', () => {
    const err = rejects([{ op: 'change_field', collection: 'users', field: { name: 'email', type: 'reference', target_collection: 'posts' } }], 'AERO_REFERENCE_MISSING', ['"u1"', '"posts"']);
    expect(err.details['ids']).toEqual(['u1']);
  });
  test('a change that breaks an index names the index', () => {
    rejects([{ op: 'change_field', collection: 'posts', field: { name: 'status', type: 'array', items: { type: 'string' } } }], 'AERO_SCHEMA_INVALID', ['status_idx', '"status"']);
  });
  test('unknown field', () => {
    rejects([{ op: 'change_field', collection: 'posts', field: { name: 'nope', type: 'int' } }], 'AERO_SCHEMA_UNKNOWN_FIELD', ['"nope"']);
  });
  test('a compatible change keeps field order and bumps the version', () => {
    const { plan: p } = plan([{ op: 'change_field', collection: 'posts', field: { name: 'title', type: 'string', required: true, maxLength: 500 } }]);
    const schema = p.schemas.get('posts')!;
    expect(Object.keys(schema.fields)).toEqual(Object.keys(postsSchema().fields));
    expect(schema.fields['title']!.maxLength).toBe(500);
    expect(p.affectedDocs.size).toBe(0);
  });
});

describe('indexes, rls, projections', () => {
  test('add_index and drop_index', () => {
    const { plan: p } = plan([
      { op: 'add_index', collection: 'posts', index: { name: 'views_idx', fields: ['views'] } },
      { op: 'drop_index', collection: 'posts', name: 'status_idx' },
    ]);
    expect(p.schemas.get('posts')!.indexes!.map((i) => i.name)).toEqual(['author_created', 'email_unique', 'content_search', 'views_idx']);
    expect(p.schemas.get('posts')!.schema_version).toBe(6);
  });
  test('index errors', () => {
    rejects([{ op: 'add_index', collection: 'posts', index: { name: 'status_idx', fields: ['views'] } }], 'AERO_SCHEMA_INDEX_EXISTS', ['"status_idx"']);
    const err = rejects([{ op: 'add_index', collection: 'posts', index: { name: 'x', fields: ['tags'] } }], 'AERO_SCHEMA_INVALID', ['/0/index/fields/0', '"tags"']);
    expect(err.details['pointer']).toBe('/0/index/fields/0');
    const unknown = rejects([{ op: 'drop_index', collection: 'posts', name: 'nope' }], 'AERO_SCHEMA_UNKNOWN_INDEX', ['"nope"']);
    expect(unknown.hint).toContain('status_idx');
  });
  test('set_rls replaces the rules and is checked', () => {
    const { plan: p } = plan([{ op: 'set_rls', collection: 'users', rls: { read: 'owner', owner_field: '_id' } }]);
    expect(p.schemas.get('users')!.rls).toEqual({ read: 'owner', owner_field: '_id' });
    rejects([{ op: 'set_rls', collection: 'users', rls: { read: 'owner' } }], 'AERO_SCHEMA_INVALID', ['/0/rls', 'owner_field']);
  });
  test('projections are immutable and globally named', () => {
    const projection = { name: 'drafts', fields: ['_id', 'title'], filter: { status: 'draft' } };
    const { plan: p } = plan([{ op: 'add_projection', collection: 'posts', projection }]);
    expect(p.schemas.get('posts')!.projections!.map((x) => x.name)).toEqual(['published_titles', 'drafts']);
    rejects([{ op: 'add_projection', collection: 'posts', projection: { ...projection, name: 'published_titles' } }], 'AERO_SCHEMA_PROJECTION_EXISTS', ['"published_titles"']);
    rejects([{ op: 'add_projection', collection: 'users', projection: { name: 'published_titles', fields: ['name'] } }], 'AERO_SCHEMA_PROJECTION_EXISTS', ['"published_titles"', '"posts"']);
    rejects([{ op: 'add_projection', collection: 'posts', projection: { name: 'bad', fields: ['nope'] } }], 'AERO_SCHEMA_INVALID', ['/0/projection/fields/0']);
    rejects([{ op: 'drop_projection', collection: 'posts', name: 'nope' }], 'AERO_SCHEMA_UNKNOWN_PROJECTION', ['"nope"']);
    const dropped = plan([{ op: 'drop_projection', collection: 'posts', name: 'published_titles' }]).plan;
    expect(dropped.schemas.get('posts')!.projections).toEqual([]);
  });
});

describe('ops in sequence within one call', () => {
  test('each op sees the previous ones; a document is put once with its final value', () => {
    const { state, plan: p } = plan([
      { op: 'add_field', collection: 'posts', field: { name: 'rating', type: 'string', default: '3' } },
      { op: 'rename_field', collection: 'posts', from: 'rating', to: 'stars' },
      { op: 'change_field', collection: 'posts', field: { name: 'stars', type: 'string', enum: ['1', '2', '3'] } },
      { op: 'add_index', collection: 'posts', index: { name: 'stars_idx', fields: ['stars'] } },
      { op: 'remove_field', collection: 'posts', field: 'score' },
    ]);
    const puts = p.walOps.filter((op) => op.o === 'put' && op.c === 'posts');
    expect(puts).toHaveLength(3);
    expect(p.schemas.get('posts')!.schema_version).toBe(6);
    expect(p.schemas.get('users')!.schema_version).toBe(2);
    expect(p.changed).toEqual(['posts']);
    const p1 = replay(state, p.walOps).get('posts')!.get('p1')!;
    expect(p1['stars']).toBe('3');
    expect('rating' in p1).toBe(false);
  });
  test('changes that cancel out emit no document puts', () => {
    const { plan: p } = plan([
      { op: 'rename_field', collection: 'posts', from: 'body', to: 'text' },
      { op: 'rename_field', collection: 'posts', from: 'text', to: 'body' },
    ]);
    expect(p.walOps.filter((op) => op.c !== '_system.schemas')).toEqual([]);
    expect(p.schemas.get('posts')!.schema_version).toBe(6);
  });
  test('a failing later op fails the whole call', () => {
    const err = rejects([
      { op: 'add_field', collection: 'posts', field: { name: 'ok', type: 'bool', default: true } },
      { op: 'add_field', collection: 'posts', field: { name: 'ok', type: 'bool' } },
    ], 'AERO_SCHEMA_FIELD_EXISTS', ['op 1 (add_field posts.ok)']);
    expect(err.details['op']).toBe(1);
  });
  test('an empty list plans nothing', () => {
    const state = blogState();
    const p = planSchemaOps([], state, catalog);
    expect(p.walOps).toEqual([]);
    expect(p.changed).toEqual([]);
    expect(p.schemas.get('posts')).toBe(state.schemas.get('posts'));
  });
});

describe('op structure', () => {
  test('a malformed op is rejected with its index and pointer', () => {
    const err = rejects([{ op: 'drop_index', collection: 'posts', name: 'status_idx' }, { op: 'add_fields', collection: 'posts' }], 'AERO_SCHEMA_INVALID', ['op 1', '"add_fields"']);
    expect(err.details).toMatchObject({ op: 1, pointer: '/1/op' });
  });
});

describe('purity and determinism', () => {
  const ops = () =>
    deepFreezeForTest([
      { op: 'add_field', collection: 'posts', field: { name: 'meta2', type: 'object', fields: { a: { type: 'int', default: 1 } }, default: {} } },
      { op: 'rename_field', collection: 'posts', from: 'views', to: 'view_count' },
      { op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true } }, indexes: [] } },
      { op: 'rename_collection', from: 'tags', to: 'labels' },
      { op: 'set_rls', collection: 'users', rls: { read: 'public' } },
    ]);
  test('inputs are never mutated (frozen inputs, unchanged JSON)', () => {
    const state = blogState();
    const input = ops();
    const before = JSON.stringify([input, [...state.schemas], [...state.data]]);
    const p = planSchemaOps(input as SchemaOp[], state, catalog);
    expect(JSON.stringify([input, [...state.schemas], [...state.data]])).toBe(before);
    // the plan does not alias the input ops
    expect(p.schemas.get('posts')!.fields['meta2']).not.toBe((input[0] as { field: object }).field);
    expect(Object.isFrozen(p.schemas.get('posts'))).toBe(true);
  });
  test('same input, identical walOps JSON', () => {
    const a = planSchemaOps(ops() as SchemaOp[], blogState(), new SchemaCatalog());
    const b = planSchemaOps(ops() as SchemaOp[], blogState(), catalog);
    expect(JSON.stringify(a.walOps)).toBe(JSON.stringify(b.walOps));
    expect(JSON.stringify([...a.schemas])).toBe(JSON.stringify([...b.schemas]));
    expect(a.changed).toEqual(['labels', 'posts', 'users']);
    expect(a.schemas.get('labels')!.schema_version).toBe(1);
    expect(a.affectedDocs.get('posts')!.get('p1')).toMatchObject({ meta2: { a: 1 }, view_count: 1 });
  });
});
