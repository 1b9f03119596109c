import { describe, expect, test } from 'vitest';
import { validateCollectionSchema } from '../../../src/engine/schema/validate-collection-schema.js';
import { SchemaValidators } from '../../../src/engine/schema/schema-validators.js';
import type { CollectionSchema } from '../../../src/engine/types.js';
import { catchAero, deepFreezeForTest, postsSchema, usersSchema } from './fixtures.js';

const validators = new SchemaValidators();
const P = '/up/0/schema';

function check(input: unknown, collections: string[] = ['users'], extra: Partial<Parameters<typeof validateCollectionSchema>[1]> = {}) {
  return validateCollectionSchema(input, { pointer: P, collections: new Set(collections), ...extra }, validators);
}

/** Expects AERO_SCHEMA_INVALID whose first problem is at `pointer` and whose message mentions every `names`. */
function rejects(input: unknown, pointer: string, names: string[], collections?: string[], extra?: Partial<Parameters<typeof validateCollectionSchema>[1]>) {
  const err = catchAero(() => check(input, collections, extra));
  expect(err.code).toBe('AERO_SCHEMA_INVALID');
  expect(err.details['pointer']).toBe(P + pointer);
  expect(err.message).toContain(P + pointer);
  for (const name of names) expect(err.message).toContain(name);
  expect(err.hint.length).toBeGreaterThan(10);
  return err;
}

function withField(name: string, def: unknown): Record<string, unknown> {
  const schema = usersSchema() as unknown as { fields: Record<string, unknown> };
  schema.fields[name] = def;
  return schema as unknown as Record<string, unknown>;
}

describe('validateCollectionSchema: valid schemas', () => {
  test('the SPEC §3 example is accepted and returned in canonical form', () => {
    const out = check(postsSchema());
    expect(Object.keys(out)).toEqual(['collection', 'fields', 'indexes', 'rls', 'projections']);
    expect(Object.keys(out.fields)).toEqual(Object.keys(postsSchema().fields));
    // options in the fixed order: type first, then required, then the type's own options
    expect(Object.keys(out.fields['author_id']!)).toEqual(['type', 'required', 'target_collection', 'target_field', 'on_delete']);
    expect(Object.keys(out.fields['status']!)).toEqual(['type', 'required', 'enum']);
  });

  test('undeclared sections are present and empty; the input is not mutated or shared', () => {
    const input = deepFreezeForTest({ collection: 'notes', fields: { _id: { type: 'string', required: true } } });
    const out = check(input, []);
    expect(out).toEqual({ collection: 'notes', fields: { _id: { type: 'string', required: true } }, indexes: [], rls: {}, projections: [] });
    expect(out.fields).not.toBe(input.fields);
  });

  test('self references and dotted index paths into object fields are fine', () => {
    const schema = {
      collection: 'nodes',
      fields: {
        _id: { type: 'string', required: true },
        parent: { type: 'reference', target_collection: 'nodes', nullable: true, on_delete: 'set_null' },
        meta: { type: 'object', fields: { lang: { type: 'string' }, rank: { type: 'int' } } },
      },
      indexes: [{ name: 'lang_rank', fields: ['meta.lang', 'meta.rank'] }],
    };
    expect(check(schema, []).indexes).toHaveLength(1);
  });

  test('schema_version is kept only when allowed (schemas/*.json files)', () => {
    const file = { ...usersSchema(), schema_version: 4 };
    rejects(file, '/schema_version', ['schema_version']);
    const out = check(file, [], { allowSchemaVersion: true });
    expect(Object.keys(out).slice(0, 2)).toEqual(['collection', 'schema_version']);
    expect(out.schema_version).toBe(4);
  });
});

describe('validateCollectionSchema: structure (ajv)', () => {
  test('not an object', () => {
    rejects(42, '', ['must be an object']);
  });

  test('missing fields', () => {
    rejects({ collection: 'x' }, '/fields', ['"fields"']);
  });

  test('unknown keys anywhere are named', () => {
    rejects({ ...usersSchema(), colour: 'red' }, '/colour', ['colour']);
    rejects(withField('title', { type: 'string', maxLenght: 3 }), '/fields/title/maxLenght', ['maxLenght']);
    rejects(withField('tags', { type: 'array', items: { type: 'string', bogus: 1 } }), '/fields/tags/items/bogus', ['bogus']);
    rejects({ ...usersSchema(), indexes: [{ name: 'i', fields: ['name'], sparse: true }] }, '/indexes/0/sparse', ['sparse']);
    rejects({ ...usersSchema(), rls: { read: 'public', list: 'public' } }, '/rls/list', ['list']);
    rejects({ ...usersSchema(), projections: [{ name: 'p', fields: ['name'], limit: 3 }] }, '/projections/0/limit', ['limit']);
    const err = rejects({ ...usersSchema(), indexes: [{ name: 'i', fields: ['name'], config: { language: 'english', stemmer: 'x' } }] }, '/indexes/0/config/stemmer', ['stemmer']);
    expect(err.hint).toContain('language, weights, ranking');
  });

  test('unknown type names the type and lists the valid ones', () => {
    const err = rejects(withField('title', { type: 'text' }), '/fields/title/type', ['"text"']);
    expect(err.hint).toContain('"reverse_reference"');
  });

  test('wrong JSON types of options', () => {
    rejects(withField('title', { type: 'string', maxLength: '200' }), '/fields/title/maxLength', ['integer', 'string']);
    rejects(withField('title', { type: 'string', required: 'yes' }), '/fields/title/required', ['boolean']);
  });

  test('invalid rls policy', () => {
    rejects({ ...usersSchema(), rls: { read: 'everyone' } }, '/rls/read', ['"everyone"']);
  });

  test('every problem is in details.problems, sorted by pointer', () => {
    const err = catchAero(() => check({ collection: 'x', fields: { _id: { type: 'string', required: true }, a: { type: 'nope' }, b: { type: 'int', zzz: 1 } } }));
    const pointers = (err.details['problems'] as Array<{ pointer: string }>).map((p) => p.pointer);
    expect(pointers).toEqual([`${P}/fields/a/type`, `${P}/fields/b/zzz`]);
    expect(err.message).toContain('1 more problem');
  });
});

describe('validateCollectionSchema: collection and field names', () => {
  test('collection name pattern', () => {
    rejects({ ...usersSchema(), collection: 'Users' }, '/collection', ['"Users"']);
    rejects({ ...usersSchema(), collection: '9lives' }, '/collection', ['"9lives"']);
    rejects({ ...usersSchema(), collection: 'a'.repeat(64) }, '/collection', ['aaaa']);
  });

  test('_system.* is reserved', () => {
    rejects({ ...usersSchema(), collection: '_system.users' }, '/collection', ['_system.users', 'reserved']);
  });

  test('field names', () => {
    rejects(withField('_secret', { type: 'string' }), '/fields/_secret', ['"_secret"']);
    rejects(withField('a.b', { type: 'string' }), '/fields/a.b', ['"a.b"']);
    rejects(withField('meta', { type: 'object', fields: { 'bad-name': { type: 'string' } } }), '/fields/meta/fields/bad-name', ['"bad-name"']);
  });
});

describe('validateCollectionSchema: _id', () => {
  const base = (id: unknown) => ({ collection: 'x', fields: id === undefined ? { a: { type: 'string' } } : { _id: id } });
  test('missing', () => rejects(base(undefined), '/fields', ['_id']));
  test('not a string', () => rejects(base({ type: 'int', required: true }), '/fields/_id/type', ['_id', '"int"']));
  test('not required', () => rejects(base({ type: 'string' }), '/fields/_id', ['_id', 'required']));
  test('nullable', () => rejects(base({ type: 'string', required: true, nullable: true }), '/fields/_id/nullable', ['_id', 'null']));
  test('default', () => rejects(base({ type: 'string', required: true, default: 'x' }), '/fields/_id/default', ['_id', 'default']));
});

describe('validateCollectionSchema: options must fit the type', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['maxLength on int', { type: 'int', maxLength: 3 }, 'maxLength'],
    ['items on string', { type: 'string', items: { type: 'string' } }, 'items'],
    ['fields on array', { type: 'array', items: { type: 'string' }, fields: {} }, 'fields'],
    ['target_collection on string', { type: 'string', target_collection: 'users' }, 'target_collection'],
    ['minimum on timestamp', { type: 'timestamp', minimum: 0 }, 'minimum'],
    ['enum on bool', { type: 'bool', enum: [true] }, 'enum'],
    ['on_delete on int', { type: 'int', on_delete: 'cascade' }, 'on_delete'],
    ['source_field on reference', { type: 'reference', target_collection: 'users', source_field: 'x' }, 'source_field'],
    ['required on reverse_reference', { type: 'reverse_reference', source_collection: 'users', source_field: 'x', required: true }, 'required'],
  ];
  test.each(cases)('%s', (_name, def, key) => {
    const err = rejects(withField('f', def), `/fields/f/${key}`, [`"${key}"`, `"f"`]);
    expect(err.hint).toContain(`Remove "${key}"`);
  });

  test('array without items, object without fields', () => {
    rejects(withField('tags', { type: 'array' }), '/fields/tags/items', ['"tags"', 'items']);
    rejects(withField('meta', { type: 'object' }), '/fields/meta/fields', ['"meta"', 'fields']);
  });

  test('required / default have no meaning on array items', () => {
    rejects(withField('tags', { type: 'array', items: { type: 'string', required: true } }), '/fields/tags/items/required', ['required']);
  });

  test('min greater than max', () => {
    rejects(withField('n', { type: 'int', minimum: 5, maximum: 1 }), '/fields/n/minimum', ['minimum (5)', 'maximum (1)']);
    rejects(withField('s', { type: 'string', minLength: 5, maxLength: 1 }), '/fields/s/minLength', ['minLength']);
  });

  test('invalid regular expression', () => {
    rejects(withField('s', { type: 'string', pattern: '([a-z' }), '/fields/s/pattern', ['pattern', '"s"']);
  });
});

describe('validateCollectionSchema: enum and default values', () => {
  test('enum values must be of the field type', () => {
    rejects(withField('status', { type: 'string', enum: ['a', 2] }), '/fields/status/enum/1', ['2', '"status"']);
    rejects(withField('n', { type: 'int', enum: [1, 2.5] }), '/fields/n/enum/1', ['2.5']);
    rejects(withField('s', { type: 'string', maxLength: 2, enum: ['ok', 'long'] }), '/fields/s/enum/1', ['"long"']);
  });

  test('enum without null and without duplicates', () => {
    rejects(withField('s', { type: 'string', nullable: true, enum: ['a', null] }), '/fields/s/enum/1', ['null']);
    rejects(withField('s', { type: 'string', enum: ['a', 'a'] }), '/fields/s/enum/1', ['twice']);
  });

  test('default must be valid for its field', () => {
    rejects(withField('n', { type: 'int', default: 'zero' }), '/fields/n/default', ['"zero"', '"n"']);
    rejects(withField('s', { type: 'string', maxLength: 2, default: 'long' }), '/fields/s/default', ['"long"']);
    rejects(withField('s', { type: 'string', enum: ['a', 'b'], default: 'c' }), '/fields/s/default', ['"c"']);
    rejects(withField('s', { type: 'string', default: null }), '/fields/s/default', ['null']);
    rejects(withField('t', { type: 'timestamp', default: 'yesterday' }), '/fields/t/default', ['"yesterday"']);
    rejects(withField('m', { type: 'object', fields: { n: { type: 'int', required: true } }, default: { n: 'x' } }), '/fields/m/default/n', ['"m"']);
  });

  test('valid defaults, including null on a nullable field and nested defaults', () => {
    const out = check(withField('m', { type: 'object', fields: { lang: { type: 'string', required: true, default: 'en' } }, default: {} }));
    expect(out.fields['m']!.default).toEqual({});
    check(withField('s', { type: 'string', nullable: true, default: null }));
    check(withField('t', { type: 'timestamp', default: '2026-01-01T00:00:00+01:00' }));
  });
});

describe('validateCollectionSchema: references', () => {
  test('unknown target collection', () => {
    const err = rejects(withField('owner', { type: 'reference', target_collection: 'accounts' }), '/fields/owner/target_collection', ['"accounts"', '"owner"'], ['users', 'posts']);
    expect(err.hint).toContain('posts, users');
  });
  test('missing target_collection', () => rejects(withField('owner', { type: 'reference' }), '/fields/owner/target_collection', ['target_collection']));
  test('target_field other than _id', () => rejects(withField('owner', { type: 'reference', target_collection: 'users', target_field: 'email' }), '/fields/owner/target_field', ['"email"', '_id']));
  test('set_null needs nullable', () => {
    rejects(withField('owner', { type: 'reference', target_collection: 'users', on_delete: 'set_null' }), '/fields/owner/on_delete', ['set_null', 'nullable']);
    check(withField('owner', { type: 'reference', target_collection: 'users', on_delete: 'set_null', nullable: true }));
  });
  test('invalid on_delete', () => rejects(withField('owner', { type: 'reference', target_collection: 'users', on_delete: 'nothing' }), '/fields/owner/on_delete', ['"nothing"']));
  test('references must be top-level', () => {
    rejects(withField('meta', { type: 'object', fields: { owner: { type: 'reference', target_collection: 'users' } } }), '/fields/meta/fields/owner/type', ['top-level']);
    rejects(withField('owners', { type: 'array', items: { type: 'reference', target_collection: 'users' } }), '/fields/owners/items/type', ['top-level']);
  });

  test('reverse_reference needs source_collection and source_field', () => {
    rejects(withField('posts', { type: 'reverse_reference', source_collection: 'posts' }), '/fields/posts/source_field', ['source_field'], ['posts']);
    rejects(withField('posts', { type: 'reverse_reference', source_collection: 'nope', source_field: 'author_id' }), '/fields/posts/source_collection', ['"nope"'], ['posts']);
  });

  test('reverse_reference source must be a reference to this collection (when schemas are known)', () => {
    const schemas = new Map<string, CollectionSchema>([['posts', postsSchema()]]);
    check(withField('posts', { type: 'reverse_reference', source_collection: 'posts', source_field: 'author_id', limit: 20 }), ['posts'], { schemas });
    rejects(withField('posts', { type: 'reverse_reference', source_collection: 'posts', source_field: 'title' }), '/fields/posts/source_field', ['posts.title', '"users"'], ['posts'], { schemas });
  });
});

describe('validateCollectionSchema: indexes', () => {
  const withIndexes = (indexes: unknown[], schema: CollectionSchema = postsSchema()) => ({ ...schema, indexes });
  test('duplicate names', () => rejects(withIndexes([{ name: 'a', fields: ['title'] }, { name: 'a', fields: ['body'] }]), '/indexes/1/name', ['"a"', 'twice']));
  test('invalid name', () => rejects(withIndexes([{ name: 'my index', fields: ['title'] }]), '/indexes/0/name', ['"my index"']));
  test('undeclared field', () => rejects(withIndexes([{ name: 'i', fields: ['title', 'nope'] }]), '/indexes/0/fields/1', ['"nope"', '"i"']));
  test('dotted path to an undeclared nested field', () => rejects(withIndexes([{ name: 'i', fields: ['meta.country'] }]), '/indexes/0/fields/0', ['"meta.country"']));
  test('non-scalar fields', () => {
    rejects(withIndexes([{ name: 'i', fields: ['tags'] }]), '/indexes/0/fields/0', ['"tags"', 'array', 'not scalar']);
    rejects(withIndexes([{ name: 'i', fields: ['meta'] }]), '/indexes/0/fields/0', ['"meta"', 'object']);
  });
  test('empty field list', () => rejects(withIndexes([{ name: 'i', fields: [] }]), '/indexes/0/fields', ['at least 1']));
  test('text indexes: string fields, language, weights of its fields, not unique', () => {
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['views'], config: { language: 'english' } }]), '/indexes/0/fields/0', ['"views"', 'int']);
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['title'] }]), '/indexes/0/config', ['language']);
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['title'], config: { language: 'klingon' } }]), '/indexes/0/config/language', ['"klingon"']);
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['title'], config: { language: 'simple', weights: { body: 2 } } }]), '/indexes/0/config/weights/body', ['"body"']);
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['title'], unique: true, config: { language: 'simple' } }]), '/indexes/0/unique', ['unique']);
    rejects(withIndexes([{ name: 't', type: 'text', fields: ['title'], config: { language: 'simple', weights: { title: 0 } } }]), '/indexes/0/config/weights/title', ['> 0']);
  });
  test('config only on text indexes', () => rejects(withIndexes([{ name: 'i', fields: ['title'], config: { language: 'english' } }]), '/indexes/0/config', ['config']));
});

describe('validateCollectionSchema: rls', () => {
  test('owner needs owner_field', () => rejects({ ...usersSchema(), rls: { update: 'owner' } }, '/rls', ['owner_field', 'update']));
  test('owner_field must be declared', () => rejects({ ...usersSchema(), rls: { update: 'owner', owner_field: 'owner' } }, '/rls/owner_field', ['"owner"']));
  test('owner_field must be a string or reference field', () => {
    const schema = withField('n', { type: 'int' });
    rejects({ ...schema, rls: { update: 'owner', owner_field: 'n' } }, '/rls/owner_field', ['"n"', 'int']);
  });
  test('_id may be the owner field (a users collection)', () => {
    check({ ...usersSchema(), rls: { read: 'owner', update: 'owner', owner_field: '_id' } });
  });
});

describe('validateCollectionSchema: projections', () => {
  const withProjections = (projections: unknown[]) => ({ ...postsSchema(), projections });
  test('duplicate names', () => rejects(withProjections([{ name: 'p', fields: ['title'] }, { name: 'p', fields: ['body'] }]), '/projections/1/name', ['"p"']));
  test('undeclared field', () => rejects(withProjections([{ name: 'p', fields: ['nope'] }]), '/projections/0/fields/0', ['"nope"']));
  test('filter on an undeclared field', () => rejects(withProjections([{ name: 'p', fields: ['title'], filter: { state: 'x' } }]), '/projections/0/filter/state', ['"state"']));
  test('filter with an unknown operator', () => rejects(withProjections([{ name: 'p', fields: ['title'], filter: { views: { $regex: 'x' } } }]), '/projections/0/filter/views/$regex', ['"$regex"']));
  test('filter value of the wrong type', () => rejects(withProjections([{ name: 'p', fields: ['title'], filter: { views: { $gt: 'ten' } } }]), '/projections/0/filter/views/$gt', ['"ten"', 'int']));
  test('filter inside $or', () => rejects(withProjections([{ name: 'p', fields: ['title'], filter: { $or: [{ status: 'draft' }, { nope: 1 }] } }]), '/projections/0/filter/$or/1/nope', ['"nope"']));
  test('valid filters', () => {
    check(withProjections([{ name: 'p', fields: ['title', 'meta.lang'], filter: { status: { $in: ['draft', 'published'] }, created_at: { $gte: '2026-01-01T00:00:00Z' }, 'meta.lang': 'en', views: { $exists: true } } }]));
  });
  test('projection names are global when other schemas are known', () => {
    const other = { ...usersSchema(), projections: [{ name: 'published_titles', fields: ['name'] }] };
    rejects(postsSchema(), '/projections/0/name', ['"published_titles"', '"users"'], ['users'], { schemas: new Map([['users', other]]) });
  });
});
