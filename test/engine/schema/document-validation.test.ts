import { describe, expect, test } from 'vitest';
import { SchemaCatalog } from '../../../src/engine/schema/schema-catalog.js';
import type { ValidationIssue } from '../../../src/engine/schema/validation-issues.js';
import type { AppliedSchema, FieldDef } from '../../../src/engine/types.js';
import { catchAero } from './fixtures.js';

const catalog = new SchemaCatalog();

function schemaWith(fields: Record<string, FieldDef>, version = 1): AppliedSchema {
  return { collection: 'things', schema_version: version, fields: { _id: { type: 'string', required: true }, ...fields } };
}

function issues(fields: Record<string, FieldDef>, doc: Record<string, unknown>, mode: 'insert' | 'replace' = 'insert'): ValidationIssue[] {
  const compiled = catalog.compiled(schemaWith(fields));
  const err = catchAero(() => (mode === 'insert' ? compiled.validateInsert({ _id: 'd1', ...doc }) : compiled.validateReplace({ _id: 'd1', ...doc })));
  expect(err.code).toBe('AERO_VALIDATION_FAILED');
  expect(err.details['collection']).toBe('things');
  expect(err.details['_id']).toBe('d1');
  return err.details['errors'] as ValidationIssue[];
}

function ok(fields: Record<string, FieldDef>, doc: Record<string, unknown>) {
  return catalog.compiled(schemaWith(fields)).validateInsert({ _id: 'd1', ...doc });
}

describe('int and float', () => {
  const int = { n: { type: 'int' } } as const;
  const float = { x: { type: 'float' } } as const;
  test('int accepts safe integers, 1.0 included', () => {
    expect(ok(int, { n: 1.0 })['n']).toBe(1);
    expect(ok(int, { n: Number.MAX_SAFE_INTEGER })['n']).toBe(Number.MAX_SAFE_INTEGER);
    expect(ok(int, { n: -Number.MAX_SAFE_INTEGER })['n']).toBe(-Number.MAX_SAFE_INTEGER);
    expect(Object.is(ok(int, { n: -0 })['n'], 0)).toBe(true);
  });
  test('int rejects fractions, unsafe integers and non-numbers', () => {
    expect(issues(int, { n: 1.5 })).toEqual([{ pointer: '/n', rule: 'int', message: expect.stringContaining('1.5'), received: 'number' }]);
    expect(issues(int, { n: 2 ** 53 })[0]).toMatchObject({ pointer: '/n', rule: 'int' });
    expect(issues(int, { n: 2 ** 60 })[0]).toMatchObject({ pointer: '/n', rule: 'int' });
    expect(issues(int, { n: '1' })[0]).toMatchObject({ pointer: '/n', rule: 'type', received: 'string' });
    expect(issues(int, { n: Number.NaN })[0]).toMatchObject({ pointer: '/n', rule: 'type', received: 'NaN' });
  });
  test('float accepts finite numbers only', () => {
    expect(ok(float, { x: 1 })['x']).toBe(1);
    expect(ok(float, { x: 1.5 })['x']).toBe(1.5);
    expect(issues(float, { x: Infinity })[0]).toMatchObject({ pointer: '/x', rule: 'type', received: 'Infinity' });
    expect(issues(float, { x: Number.NaN })[0]).toMatchObject({ pointer: '/x', rule: 'type' });
    expect(issues(float, { x: true })[0]).toMatchObject({ pointer: '/x', rule: 'type', received: 'boolean' });
  });
  test('minimum / maximum', () => {
    const ranged = { n: { type: 'int', minimum: 0, maximum: 10 } } as const;
    expect(issues(ranged, { n: -1 })[0]).toMatchObject({ rule: 'minimum' });
    expect(issues(ranged, { n: 11 })[0]).toMatchObject({ rule: 'maximum' });
    // a fraction breaks the int rule first, not the range
    expect(issues(ranged, { n: 11.5 })).toHaveLength(1);
    expect(issues(ranged, { n: 11.5 })[0]).toMatchObject({ rule: 'int' });
  });
});

describe('string, bool, enum', () => {
  test('string rules', () => {
    const fields = { s: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' } } as const;
    expect(issues(fields, { s: 'a' })[0]).toMatchObject({ rule: 'minLength', received: 'string' });
    expect(issues(fields, { s: 'abcde' })[0]).toMatchObject({ rule: 'maxLength', message: expect.stringContaining('at most 4') });
    expect(issues(fields, { s: 'AB' })[0]).toMatchObject({ rule: 'pattern' });
    expect(ok(fields, { s: 'abc' })['s']).toBe('abc');
  });
  test('bool', () => {
    expect(issues({ b: { type: 'bool' } }, { b: 'true' })[0]).toMatchObject({ rule: 'type', received: 'string', message: expect.stringContaining('bool') });
    expect(ok({ b: { type: 'bool' } }, { b: false })['b']).toBe(false);
  });
  test('enum', () => {
    const fields = { status: { type: 'string', enum: ['draft', 'published'] } } as const;
    expect(issues(fields, { status: 'archived' })[0]).toMatchObject({ pointer: '/status', rule: 'enum', message: expect.stringContaining('"draft", "published"') });
    // wrong type reports the type, once
    expect(issues(fields, { status: 3 })).toEqual([expect.objectContaining({ rule: 'type' })]);
    expect(issues({ n: { type: 'int', enum: [1, 2] } }, { n: 3 })[0]).toMatchObject({ rule: 'enum' });
  });
});

describe('timestamps', () => {
  const ts = { at: { type: 'timestamp' } } as const;
  test.each([
    ['2026-01-31T09:30:00Z', '2026-01-31T09:30:00.000Z'],
    ['2026-01-31T09:30:00+02:00', '2026-01-31T07:30:00.000Z'],
    ['2026-01-31T01:30:00-05:30', '2026-01-31T07:00:00.000Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
    ['2026-01-31t09:30:00.5z', '2026-01-31T09:30:00.500Z'],
    ['2026-01-31T09:30:00.123456789Z', '2026-01-31T09:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('%s is stored as %s', (input, stored) => {
    expect(ok(ts, { at: input })['at']).toBe(stored);
  });
  test('normalised strings sort like the instants they name', () => {
    const a = ok(ts, { at: '2026-01-01T10:00:00+09:00' })['at'] as string; // 01:00Z
    const b = ok(ts, { at: '2026-01-01T02:00:00Z' })['at'] as string;
    expect(a < b).toBe(true);
  });
  test.each(['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-01-31', '2026-01-31T24:00:00Z', '2026-01-31T10:00:60Z', '2026-01-31T10:00:00', '2026-01-31 10:00:00Z', 'yesterday', '0000-01-01T00:00:00+01:00'])(
    '%s is rejected',
    (input) => {
      expect(issues(ts, { at: input })[0]).toMatchObject({ pointer: '/at', rule: 'timestamp', received: 'string' });
    },
  );
  test('a number is a type error', () => {
    expect(issues(ts, { at: 1700000000000 })[0]).toMatchObject({ rule: 'type', received: 'number' });
  });
});

describe('null, required, undeclared, virtual', () => {
  test('null only when nullable', () => {
    expect(issues({ s: { type: 'string' } }, { s: null })[0]).toEqual({ pointer: '/s', rule: 'nullable', message: expect.stringContaining('not nullable'), received: 'null' });
    expect(ok({ s: { type: 'string', nullable: true, enum: ['a'] } }, { s: null })['s']).toBeNull();
    expect(issues({ s: { type: 'string', nullable: true, enum: ['a'] } }, { s: 'b' })[0]).toMatchObject({ rule: 'enum' });
  });
  test('required fields', () => {
    expect(issues({ title: { type: 'string', required: true } }, {})).toEqual([
      { pointer: '/title', rule: 'required', message: expect.stringContaining('/title'), received: 'missing' },
    ]);
    expect(ok({ title: { type: 'string', required: true, nullable: true } }, { title: null })['title']).toBeNull();
  });
  test('undeclared fields at every level', () => {
    const fields = { meta: { type: 'object', fields: { lang: { type: 'string' } } }, rows: { type: 'array', items: { type: 'object', fields: { a: { type: 'int' } } } } } as const;
    const found = issues(fields, { extra: 1, meta: { lang: 'en', country: 'fr' }, rows: [{ a: 1 }, { a: 2, b: 3 }] });
    expect(found.map((i) => [i.pointer, i.rule, i.received])).toEqual([
      ['/extra', 'undeclared', 'number'],
      ['/meta/country', 'undeclared', 'string'],
      ['/rows/1/b', 'undeclared', 'number'],
    ]);
  });
  test('reverse_reference fields are virtual and cannot be written', () => {
    const fields = { comments: { type: 'reverse_reference', source_collection: 'comments', source_field: 'post_id' } } as const;
    expect(issues(fields, { comments: [] })[0]).toMatchObject({ pointer: '/comments', rule: 'virtual' });
    expect(ok(fields, {})).toEqual({ _id: 'd1' });
  });
  test('references are non-empty strings', () => {
    const fields = { author_id: { type: 'reference', target_collection: 'users' } } as const;
    expect(issues(fields, { author_id: 5 })[0]).toMatchObject({ rule: 'type', message: expect.stringContaining('reference') });
    expect(issues(fields, { author_id: '' })[0]).toMatchObject({ rule: 'minLength' });
  });
  test('an empty _id is rejected', () => {
    const compiled = catalog.compiled(schemaWith({}));
    const err = catchAero(() => compiled.validateInsert({ _id: '' }));
    expect((err.details['errors'] as ValidationIssue[])[0]).toMatchObject({ pointer: '/_id', rule: 'minLength' });
  });
});

describe('nested pointers and every failing field', () => {
  const fields: Record<string, FieldDef> = {
    title: { type: 'string', required: true, maxLength: 5 },
    views: { type: 'int' },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
    meta: { type: 'object', fields: { lang: { type: 'string', enum: ['en', 'fr'] }, stats: { type: 'object', fields: { likes: { type: 'int' } } } } },
    matrix: { type: 'array', items: { type: 'array', items: { type: 'float' } } },
  };
  test('all failing fields are listed with pointers, sorted', () => {
    const found = issues(fields, { title: 'too long', views: 1.5, tags: ['a', 2], meta: { lang: 'de', stats: { likes: 'many' } }, matrix: [[1.5], [2, 'x']] });
    expect(found.map((i) => `${i.pointer} ${i.rule}`)).toEqual([
      '/matrix/1/1 type',
      '/meta/lang enum',
      '/meta/stats/likes type',
      '/tags/1 type',
      '/title maxLength',
      '/views int',
    ]);
  });
  test('the message names the first failures and the count of the rest', () => {
    const compiled = catalog.compiled(schemaWith(fields));
    const err = catchAero(() => compiled.validateInsert({ _id: 'd1', title: 'too long', views: 1.5, tags: [1], meta: { lang: 'de' } }));
    expect(err.message).toContain('"d1"');
    expect(err.message).toContain('/meta/lang');
    expect(err.message).toContain('and 1 more');
    expect(err.hint).toContain('/title');
  });
  test('maxItems', () => {
    expect(issues(fields, { title: 'a', tags: ['a', 'b', 'c', 'd'] })[0]).toMatchObject({ pointer: '/tags', rule: 'maxItems', received: 'array' });
  });
  test('values JSON cannot hold are rejected', () => {
    const found = issues({ meta: { type: 'object', fields: { at: { type: 'string' } } } }, { meta: { at: new Date(0) } });
    expect(found).toEqual([{ pointer: '/meta/at', rule: 'json', message: expect.stringContaining('Date'), received: 'Date' }]);
  });
  test('a document that is not an object', () => {
    const compiled = catalog.compiled(schemaWith({}));
    const err = catchAero(() => compiled.validateInsert([] as never));
    expect((err.details['errors'] as ValidationIssue[])[0]).toMatchObject({ pointer: '', rule: 'type', received: 'array' });
  });
});

describe('the stored form', () => {
  const fields: Record<string, FieldDef> = {
    zeta: { type: 'string' },
    alpha: { type: 'object', fields: { z: { type: 'int' }, a: { type: 'timestamp' } } },
    list: { type: 'array', items: { type: 'object', fields: { y: { type: 'bool' }, b: { type: 'bool' } } } },
  };
  test('keys sorted at every level, deep-frozen, a fresh copy', () => {
    const input = { zeta: 'z', alpha: { z: 1, a: '2026-01-01T00:00:00+01:00' }, list: [{ y: true, b: false }], _id: 'd1', skipped: undefined };
    const doc = catalog.compiled(schemaWith(fields)).validateInsert(input);
    expect(JSON.stringify(doc)).toBe('{"_id":"d1","alpha":{"a":"2025-12-31T23:00:00.000Z","z":1},"list":[{"b":false,"y":true}],"zeta":"z"}');
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc['alpha'])).toBe(true);
    expect(Object.isFrozen(doc['list'])).toBe(true);
    expect(Object.isFrozen((doc['list'] as object[])[0])).toBe(true);
    // the caller's object is neither changed nor kept
    expect(input.alpha.a).toBe('2026-01-01T00:00:00+01:00');
    input.alpha.z = 99;
    expect((doc['alpha'] as { z: number }).z).toBe(1);
  });
  test('same input, same bytes, whatever the key order', () => {
    const compiled = catalog.compiled(schemaWith(fields));
    const a = compiled.validateInsert({ _id: 'd1', zeta: 'z', alpha: { z: 1 } });
    const b = compiled.validateInsert({ alpha: { z: 1 }, zeta: 'z', _id: 'd1' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('defaults', () => {
  const fields: Record<string, FieldDef> = {
    status: { type: 'string', required: true, default: 'draft' },
    tags: { type: 'array', items: { type: 'string' }, default: ['new'] },
    meta: { type: 'object', fields: { lang: { type: 'string', default: 'en' }, n: { type: 'int' } }, default: {} },
    at: { type: 'timestamp', default: '2026-01-01T01:00:00+01:00' },
  };
  test('insert applies defaults (deep copies, normalised) at every level', () => {
    const schema = schemaWith(fields);
    const a = catalog.compiled(schema).validateInsert({ _id: 'a' });
    expect(a).toEqual({ _id: 'a', at: '2026-01-01T00:00:00.000Z', meta: { lang: 'en' }, status: 'draft', tags: ['new'] });
    const b = catalog.compiled(schema).validateInsert({ _id: 'b', meta: { n: 1 } });
    expect(b['meta']).toEqual({ lang: 'en', n: 1 });
    expect(a['tags']).not.toBe(schema.fields['tags']!.default);
    expect(schema.fields['meta']!.default).toEqual({});
  });
  test('explicit values win over defaults; null is a value', () => {
    const doc = catalog.compiled(schemaWith({ s: { type: 'string', nullable: true, default: 'x' } })).validateInsert({ _id: 'a', s: null });
    expect(doc['s']).toBeNull();
  });
  test('replace applies no defaults', () => {
    const found = issues(fields, {}, 'replace');
    expect(found).toEqual([expect.objectContaining({ pointer: '/status', rule: 'required' })]);
    const doc = catalog.compiled(schemaWith(fields)).validateReplace({ _id: 'a', status: 'x' });
    expect(doc).toEqual({ _id: 'a', status: 'x' });
  });
});

describe('SchemaCatalog', () => {
  test('compiles a schema version once', () => {
    const own = new SchemaCatalog();
    const schema = schemaWith({ a: { type: 'string' } }, 3);
    const first = own.compiled(schema);
    expect(own.compiled(schema)).toBe(first);
    // an equal copy (e.g. re-read from storage) hits the same entry
    expect(own.compiled(structuredClone(schema))).toBe(first);
    expect(first.schemaVersion).toBe(3);
  });
  test('a new version, or different content under a reused version, recompiles', () => {
    const own = new SchemaCatalog();
    const v1 = own.compiled(schemaWith({ a: { type: 'string' } }, 1));
    const v2 = own.compiled(schemaWith({ a: { type: 'int' } }, 2));
    expect(v2).not.toBe(v1);
    const recreated = own.compiled(schemaWith({ a: { type: 'bool' } }, 1));
    expect(recreated).not.toBe(v1);
    expect(() => recreated.validateInsert({ _id: 'x', a: true })).not.toThrow();
  });
  test('catalogs do not share state', () => {
    const a = new SchemaCatalog();
    const b = new SchemaCatalog();
    const schema = schemaWith({}, 1);
    expect(a.compiled(schema)).not.toBe(b.compiled(schema));
  });
});

describe('hostile keys', () => {
  test('a "__proto__" key from JSON.parse is reported as undeclared, not swallowed', () => {
    const compiled = catalog.compiled(schemaWith({ meta: { type: 'object', fields: { a: { type: 'int' } } } }));
    const err = catchAero(() => compiled.validateInsert(JSON.parse('{"_id":"x","__proto__":{"a":1},"meta":{"__proto__":1}}')));
    expect((err.details['errors'] as ValidationIssue[]).map((i) => `${i.pointer} ${i.rule}`)).toEqual(['/__proto__ undeclared', '/meta/__proto__ undeclared']);
  });
});
