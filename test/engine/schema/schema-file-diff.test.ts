import { describe, expect, test } from 'vitest';
import { draftOpsFromDiff, diffSchemas } from '../../../src/engine/schema/schema-diff.js';
import { schemaToJsonFile } from '../../../src/engine/schema/schema-file.js';
import { planSchemaOps } from '../../../src/engine/schema/ops/plan-schema-ops.js';
import { SchemaCatalog } from '../../../src/engine/schema/schema-catalog.js';
import type { CollectionSchema } from '../../../src/engine/types.js';
import { applied, memoryState, postsSchema, usersSchema } from './fixtures.js';

describe('schemaToJsonFile', () => {
  test('stable key order, declared field order, 2-space indent, trailing newline', () => {
    const schema = { rls: { owner_field: 'author_id', read: 'public' }, projections: [], schema_version: 3, fields: { _id: { required: true, type: 'string' }, zed: { maxLength: 3, type: 'string' }, alpha: { type: 'int' } }, collection: 'things' };
    const text = schemaToJsonFile(schema as never);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['collection', 'schema_version', 'fields', 'indexes', 'rls', 'projections']);
    expect(Object.keys(parsed.fields)).toEqual(['_id', 'zed', 'alpha']);
    expect(Object.keys(parsed.fields._id)).toEqual(['type', 'required']);
    expect(Object.keys(parsed.rls)).toEqual(['read', 'owner_field']);
    expect(text.split('\n')[1]).toBe('  "collection": "things",');
  });
  test('equal schemas give identical bytes whatever the input key order', () => {
    const a = applied(postsSchema(), 2);
    const b = JSON.parse(JSON.stringify(a), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    // reversing reorders field names too, which is a real (order) difference; restore the declared field order
    b.fields = Object.fromEntries(Object.keys(a.fields).map((k) => [k, b.fields[k]]));
    b.fields.meta.fields = a.fields['meta']!.fields;
    expect(schemaToJsonFile(b)).toBe(schemaToJsonFile(a));
  });
});

describe('diffSchemas', () => {
  test('no differences for equal schemas (order of options is not a difference)', () => {
    expect(diffSchemas(postsSchema(), JSON.parse(JSON.stringify(postsSchema())))).toEqual([]);
  });
  test('field by field, including nested object fields', () => {
    const edited = postsSchema();
    edited.fields['title'] = { type: 'string', required: true, maxLength: 300 };
    delete edited.fields['score'];
    edited.fields['subtitle'] = { type: 'string', default: '' };
    edited.fields['meta'] = { type: 'object', fields: { lang: { type: 'string', enum: ['en', 'fr'] }, country: { type: 'string' } } };
    const diff = diffSchemas(postsSchema(), edited);
    expect(diff.map((d) => `${d.kind} ${d.target}`)).toEqual(['field_changed title', 'field_removed score', 'field_changed meta.lang', 'field_added meta.country', 'field_added subtitle']);
    expect(diff[0]).toMatchObject({ collection: 'posts', changes: [{ key: 'maxLength', before: 200, after: 300 }], message: 'field "title" changed: maxLength 200 -> 300' });
    expect(diff[2]!.message).toBe('field "meta.lang" changed: enum (none) -> ["en","fr"]');
    expect(diff[4]!.message).toBe('field "subtitle" added (string, default "")');
  });
  test('indexes, rls and projections', () => {
    const edited = postsSchema();
    edited.indexes = [{ name: 'status_idx', fields: ['status', 'created_at'] }, { name: 'views_idx', fields: ['views'] }];
    edited.rls = { ...edited.rls, read: 'authenticated' };
    edited.projections = [];
    const diff = diffSchemas(postsSchema(), edited);
    expect(diff.map((d) => `${d.kind} ${d.target}`)).toEqual([
      'index_changed status_idx',
      'index_removed author_created',
      'index_removed email_unique',
      'index_removed content_search',
      'index_added views_idx',
      'rls_changed rls',
      'projection_removed published_titles',
    ]);
    expect(diff.find((d) => d.kind === 'rls_changed')!.message).toBe('rls changed: read "public" -> "authenticated"');
  });
  test('arrays pair schemas by collection and skip one-sided ones', () => {
    const edited = usersSchema();
    edited.fields['age'] = { type: 'int' };
    const diff = diffSchemas([postsSchema(), usersSchema()], [edited, { collection: 'new_one', fields: {} }]);
    expect(diff).toEqual([expect.objectContaining({ collection: 'users', kind: 'field_added', target: 'age' })]);
  });
});

describe('draftOpsFromDiff', () => {
  function editedPosts(): CollectionSchema {
    const edited = postsSchema();
    delete edited.fields['score'];
    edited.fields['title'] = { type: 'string', required: true, maxLength: 300 };
    edited.fields['pinned'] = { type: 'bool', default: false };
    edited.fields['email'] = { type: 'string', pattern: '@' };
    edited.indexes = [...edited.indexes!.filter((i) => i.name !== 'status_idx'), { name: 'status_idx', fields: ['status', 'pinned'] }];
    edited.rls = { read: 'public', update: 'owner', owner_field: 'author_id' };
    edited.projections = [{ name: 'pinned_titles', fields: ['_id', 'title'], filter: { pinned: true } }];
    return edited;
  }

  test('ops in a safe order', () => {
    const ops = draftOpsFromDiff(postsSchema(), editedPosts());
    expect(ops.map((op) => `${op.op} ${'name' in op ? op.name : 'field' in op ? (typeof op.field === 'string' ? op.field : op.field.name) : 'index' in op ? op.index.name : 'projection' in op ? op.projection.name : ''}`)).toEqual([
      'drop_projection published_titles',
      'drop_index status_idx',
      'add_field pinned',
      'change_field title',
      'change_field email',
      'set_rls ',
      'remove_field score',
      'add_index status_idx',
      'add_projection pinned_titles',
    ]);
  });

  test('applying the draft to the applied state yields the edited schema', () => {
    const catalog = new SchemaCatalog();
    const state = memoryState([applied(usersSchema()), applied(postsSchema(), 4)], {
      users: [{ _id: 'u1', name: 'Ann' }],
      posts: [{ _id: 'p1', title: 'One', status: 'draft', created_at: '2026-01-01T00:00:00.000Z', author_id: 'u1', score: 1.5 }],
    });
    const edited = editedPosts();
    const plan = planSchemaOps(draftOpsFromDiff(postsSchema(), edited), state, catalog);
    const result = plan.schemas.get('posts')!;
    expect(diffSchemas(result, edited)).toEqual([]);
    expect(result.schema_version).toBe(5);
    // and the inverse draft brings it back
    const back = planSchemaOps(draftOpsFromDiff(edited, postsSchema()), memoryState([applied(usersSchema()), result], { users: [{ _id: 'u1', name: 'Ann' }] }), catalog);
    expect(diffSchemas(back.schemas.get('posts')!, postsSchema())).toEqual([]);
  });

  test('arrays: up creates new collections first, down is the inverse and drops them last', () => {
    const editedUsers = usersSchema();
    editedUsers.fields['age'] = { type: 'int' };
    const tags = { collection: 'tags', fields: { _id: { type: 'string', required: true } } } as CollectionSchema;
    const { up, down } = draftOpsFromDiff([postsSchema(), usersSchema()], [tags, editedUsers]);
    expect(up).toEqual([
      { op: 'create_collection', schema: { collection: 'tags', fields: { _id: { type: 'string', required: true } }, indexes: [], rls: {}, projections: [] } },
      { op: 'add_field', collection: 'users', field: { name: 'age', type: 'int' } },
    ]);
    expect(down).toEqual([
      { op: 'remove_field', collection: 'users', field: 'age' },
      { op: 'drop_collection', collection: 'tags' },
    ]);
  });
});
