// CollectionIndexes.build bulk-loads its trees from sorted entries; it must hold exactly what one
// insertion per document builds (and report the same unique clash), and keep working for later writes.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { CollectionIndexes } from '../../../src/engine/index/collection-indexes.js';
import { OrderedIndex } from '../../../src/engine/index/ordered-index.js';
import type { AppliedSchema, Doc } from '../../../src/engine/types.js';

const SCHEMA: AppliedSchema = {
  collection: 'things',
  schema_version: 1,
  fields: { _id: { type: 'string', required: true } },
  indexes: [
    { name: 'a_idx', fields: ['a'] },
    { name: 'a_b', fields: ['a', 'b'] },
    { name: 'b_unique', fields: ['b'], unique: true },
    { name: 'nested', fields: ['m.x', 'a'] },
  ],
};

const value = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -0, 1, 1.0, 1.5, -3, 'x', 'y', '', 'é', '\u{1F600}'),
  fc.integer({ min: -5, max: 5 }),
  fc.string({ maxLength: 2 }),
);

const docArb = fc.record({
  _id: fc.string({ minLength: 1, maxLength: 3 }),
  a: value,
  b: fc.oneof(value, fc.constant([1, 2])),
  m: fc.option(fc.record({ x: value }), { nil: undefined }),
});

function freeze(d: Record<string, unknown>): Doc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
  return Object.freeze(out) as Doc;
}

/** The reference: one insertion per document, in input order (what build did before bulk loading). */
function oneByOne(docs: readonly Doc[]): Map<string, Array<[unknown[], string]>> | AeroError {
  const ix = new CollectionIndexes(SCHEMA);
  const out = new Map<string, Array<[unknown[], string]>>();
  for (const index of ix.ordered) {
    const fresh = new OrderedIndex({ name: index.name, fields: index.fields, unique: index.unique });
    for (const doc of docs) {
      if (fresh.unique && !fresh.primary) {
        const values = fresh.valuesOf(doc);
        if (!values.some((v) => v === undefined || v === null) && fresh.findOwner(values, (id) => id === doc._id) !== undefined) {
          return new AeroError('AERO_VALIDATION_UNIQUE', 'clash');
        }
      }
      fresh.tree.set(fresh.keyOf(doc), doc);
    }
    out.set(index.name, fresh.tree.toArray().map(([k, d]) => [[...k], d._id]));
  }
  return out;
}

function contents(ix: CollectionIndexes): Map<string, Array<[unknown[], string]>> {
  return new Map(ix.ordered.map((index) => [index.name, index.tree.toArray().map(([k, d]) => [[...k], d._id] as [unknown[], string])]));
}

describe('CollectionIndexes.build (bulk load)', () => {
  test('holds exactly what one insertion per document builds, or reports the unique clash', () => {
    fc.assert(
      fc.property(fc.uniqueArray(docArb, { selector: (d) => d._id, maxLength: 80 }), (raw) => {
        const docs = raw.map(freeze);
        const expected = oneByOne(docs);
        const ix = new CollectionIndexes(SCHEMA);
        let actual: Map<string, Array<[unknown[], string]>> | AeroError;
        try {
          ix.build(docs);
          actual = contents(ix);
        } catch (error) {
          if (!(error instanceof AeroError)) throw error;
          actual = error;
        }
        if (expected instanceof AeroError) {
          expect(actual).toBeInstanceOf(AeroError);
          expect((actual as AeroError).code).toBe('AERO_VALIDATION_UNIQUE');
        } else {
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a bulk-loaded tree keeps working for inserts and deletes', () => {
    const docs = Array.from({ length: 5000 }, (_, i) => freeze({ _id: `id${String(i).padStart(5, '0')}`, a: i % 7, b: `b${i}` }));
    const ix = new CollectionIndexes(SCHEMA);
    ix.build(docs);
    const live = new Map(docs.map((d) => [d._id, d]));
    for (let i = 0; i < 3000; i++) {
      const id = `id${String((i * 7919) % 6000).padStart(5, '0')}`;
      const old = live.get(id);
      const next = i % 3 === 0 ? undefined : freeze({ _id: id, a: i % 5, b: `n${i}` });
      ix.apply(old, next);
      if (next) live.set(id, next);
      else live.delete(id);
    }
    expect(contents(ix)).toEqual(oneByOne([...live.values()]));
  });
});
