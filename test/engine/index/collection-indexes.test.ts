import { describe, expect, test } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { CollectionIndexes } from '../../../src/engine/index/collection-indexes.js';
import type { AppliedSchema, Doc } from '../../../src/engine/types.js';

const SCHEMA: AppliedSchema = {
  collection: 'users',
  schema_version: 1,
  fields: {
    _id: { type: 'string', required: true },
    email: { type: 'string' },
    team: { type: 'string' },
    level: { type: 'int' },
    meta: { type: 'object', fields: { lang: { type: 'string' } } },
    bio: { type: 'string' },
  },
  indexes: [
    { name: 'email_unique', fields: ['email'], unique: true },
    { name: 'team_level', fields: ['team', 'level'] },
    { name: 'team_level_unique', fields: ['team', 'level'], unique: true },
    { name: 'lang_idx', fields: ['meta.lang'] },
    { name: 'bio_search', type: 'text', fields: ['bio'] },
  ],
};

const doc = (d: Record<string, unknown>): Doc => Object.freeze(d) as Doc;

function entries(ix: CollectionIndexes, name: string): Array<[unknown[], string]> {
  return ix.get(name)!.tree.toArray().map(([k, v]) => [[...k], v._id]);
}

function catchError(fn: () => void): AeroError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AeroError) return error;
    throw error;
  }
  throw new Error('expected an AeroError');
}

describe('CollectionIndexes', () => {
  test('one ordered index per non-text index plus the primary "_id", sorted by name', () => {
    const ix = new CollectionIndexes(SCHEMA);
    expect(ix.ordered.map((i) => i.name)).toEqual(['_id', 'email_unique', 'lang_idx', 'team_level', 'team_level_unique']);
    expect(ix.get('bio_search')).toBeUndefined();
    expect(ix.primary.keyFields).toEqual(['_id']);
    expect(ix.get('team_level')!.keyFields).toEqual(['team', 'level', '_id']);
  });

  test('build keys entries by [values..., _id]; missing fields are absent (undefined), dotted paths resolve', () => {
    const ix = new CollectionIndexes(SCHEMA);
    ix.build([
      doc({ _id: 'b', team: 'red', level: 2, meta: { lang: 'en' } }),
      doc({ _id: 'a', team: 'red', level: 1.5 }),
      doc({ _id: 'c', level: 1 }),
    ]);
    expect(entries(ix, 'team_level')).toEqual([
      [[undefined, 1, 'c'], 'c'],
      [['red', 1.5, 'a'], 'a'],
      [['red', 2, 'b'], 'b'],
    ]);
    expect(entries(ix, 'lang_idx')).toEqual([
      [[undefined, 'a'], 'a'],
      [[undefined, 'c'], 'c'],
      [['en', 'b'], 'b'],
    ]);
    expect(entries(ix, '_id').map(([, id]) => id)).toEqual(['a', 'b', 'c']);
    expect(ix.size).toBe(3);
  });

  test('update moves entries using the OLD document values; delete removes them all', () => {
    const ix = new CollectionIndexes(SCHEMA);
    const v1 = doc({ _id: 'u1', email: 'a@x', team: 'red', level: 1 });
    ix.build([v1]);
    const v2 = doc({ _id: 'u1', email: 'b@x', team: 'blue', level: 1 });
    ix.apply(v1, v2);
    expect(entries(ix, 'email_unique')).toEqual([[['b@x', 'u1'], 'u1']]);
    expect(entries(ix, 'team_level')).toEqual([[['blue', 1, 'u1'], 'u1']]);
    expect(ix.get('email_unique')!.tree.toArray()[0]![1]).toBe(v2);
    ix.apply(v2, undefined);
    for (const index of ix.ordered) expect(index.tree.size).toBe(0);
  });

  test('an update that keeps the key still points the entry at the new document', () => {
    const ix = new CollectionIndexes(SCHEMA);
    const v1 = doc({ _id: 'u1', email: 'a@x', bio: 'old' });
    ix.build([v1]);
    const v2 = doc({ _id: 'u1', email: 'a@x', bio: 'new' });
    ix.apply(v1, v2);
    for (const index of ix.ordered) {
      expect(index.tree.size).toBe(1);
      expect(index.tree.toArray()[0]![1]).toBe(v2);
    }
  });

  test('1 and 1.0 are the same key (one numeric key space)', () => {
    const ix = new CollectionIndexes(SCHEMA);
    const v1 = doc({ _id: 'u1', team: 'red', level: 1 });
    ix.build([v1]);
    ix.apply(v1, doc({ _id: 'u1', team: 'red', level: 1.0 }));
    expect(ix.get('team_level')!.tree.size).toBe(1);
  });
});

describe('unique indexes', () => {
  const base = () => {
    const ix = new CollectionIndexes(SCHEMA);
    ix.build([doc({ _id: 'u1', email: 'a@x' }), doc({ _id: 'u2', email: 'b@x' })]);
    return ix;
  };

  test('an insert duplicating an existing value fails with index, fields, value and existing_id', () => {
    const ix = base();
    const err = catchError(() => ix.checkWrites([{ old: undefined, next: doc({ _id: 'u3', email: 'a@x' }) }]));
    expect(err.code).toBe('AERO_VALIDATION_UNIQUE');
    expect(err.message).toContain('email_unique');
    expect(err.message).toContain('"a@x"');
    expect(err.details).toEqual({ index: 'email_unique', fields: ['email'], value: 'a@x', existing_id: 'u1' });
  });

  test('checkWrites never mutates', () => {
    const ix = base();
    ix.checkWrites([{ old: undefined, next: doc({ _id: 'u3', email: 'c@x' }) }]);
    expect(ix.get('email_unique')!.tree.size).toBe(2);
    expect(ix.size).toBe(2);
  });

  test('duplicates inside one unit are caught', () => {
    const ix = base();
    const err = catchError(() =>
      ix.checkWrites([
        { old: undefined, next: doc({ _id: 'u3', email: 'c@x' }) },
        { old: undefined, next: doc({ _id: 'u4', email: 'c@x' }) },
      ]),
    );
    expect(err.details).toMatchObject({ index: 'email_unique', value: 'c@x', existing_id: 'u3' });
  });

  test('values freed by the unit itself can be reused (swap, delete + insert, update in place)', () => {
    const ix = base();
    const u1 = ix.primary.tree.toArray()[0]![1];
    const u2 = ix.primary.tree.toArray()[1]![1];
    expect(() =>
      ix.checkWrites([
        { old: u1, next: doc({ _id: 'u1', email: 'b@x' }) },
        { old: u2, next: doc({ _id: 'u2', email: 'a@x' }) },
      ]),
    ).not.toThrow();
    expect(() =>
      ix.checkWrites([
        { old: u1, next: undefined },
        { old: undefined, next: doc({ _id: 'u9', email: 'a@x' }) },
      ]),
    ).not.toThrow();
    expect(() => ix.checkWrites([{ old: u1, next: doc({ _id: 'u1', email: 'a@x', bio: 'x' }) }])).not.toThrow();
  });

  test('the last change of an _id within the unit counts', () => {
    const ix = base();
    const first = doc({ _id: 'u3', email: 'a@x' });
    // u3 first takes a@x (a conflict) but ends the unit with z@x: the final state is valid
    expect(() =>
      ix.checkWrites([
        { old: undefined, next: first },
        { old: first, next: doc({ _id: 'u3', email: 'z@x' }) },
      ]),
    ).not.toThrow();
  });

  test('absent and null never conflict (SQL semantics)', () => {
    const ix = base();
    expect(() =>
      ix.checkWrites([
        { old: undefined, next: doc({ _id: 'n1' }) },
        { old: undefined, next: doc({ _id: 'n2' }) },
        { old: undefined, next: doc({ _id: 'n3', team: 'red' }) },
        { old: undefined, next: doc({ _id: 'n4', team: 'red' }) },
      ]),
    ).not.toThrow();
  });

  test('compound unique: the tuple must be unique, numbers compare numerically', () => {
    const ix = new CollectionIndexes(SCHEMA);
    ix.build([doc({ _id: 'a', team: 'red', level: 1 })]);
    expect(() => ix.checkWrites([{ old: undefined, next: doc({ _id: 'b', team: 'red', level: 2 }) }])).not.toThrow();
    const err = catchError(() => ix.checkWrites([{ old: undefined, next: doc({ _id: 'b', team: 'red', level: 1.0 }) }]));
    expect(err.details).toEqual({ index: 'team_level_unique', fields: ['team', 'level'], value: ['red', 1], existing_id: 'a' });
  });

  test('build rejects existing duplicates (add_index) and keeps the previous content', () => {
    const ix = base();
    const err = catchError(() => ix.build([doc({ _id: 'x1', email: 'same' }), doc({ _id: 'x2', email: 'same' })]));
    expect(err.code).toBe('AERO_VALIDATION_UNIQUE');
    expect(err.details).toMatchObject({ index: 'email_unique', value: 'same', existing_id: 'x1' });
    expect(entries(ix, 'email_unique').map(([, id]) => id)).toEqual(['u1', 'u2']);
  });
});
