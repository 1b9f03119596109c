import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import { ExplainJson } from '../../../src/engine/oplog/explain-json.js';
import { jsonValue, QuotedStrings } from '../../../src/engine/oplog/json-text.js';
import type { Explain } from '../../../src/engine/query/explain-types.js';
import type { Query } from '../../../src/engine/types.js';
import { TempDirs } from '../database/temp-dirs.js';

const temp = new TempDirs();
afterEach(() => temp.removeAll());

function write(explain: Explain, writer = new ExplainJson(new QuotedStrings())): string {
  return writer.write(explain);
}

describe('ExplainJson', () => {
  it('writes exactly JSON.stringify(explain) for every kind of plan', async () => {
    const db = await openDatabase({ dir: temp.make(), fsync: false });
    try {
      await db.applySchemaOps([
        {
          op: 'create_collection',
          schema: {
            collection: 'items',
            fields: {
              _id: { type: 'string', required: true },
              cat: { type: 'string' },
              n: { type: 'int' },
              price: { type: 'float' },
              ok: { type: 'bool' },
              at: { type: 'timestamp' },
              title: { type: 'string' },
              meta: { type: 'object', fields: { lang: { type: 'string' } } },
            },
            indexes: [
              { name: 'cat_n', fields: ['cat', 'n'] },
              { name: 'price_idx', fields: ['price'] },
              { name: 'at_idx', fields: ['at'] },
              { name: 'lang_idx', fields: ['meta.lang'] },
              { name: 'title_text', fields: ['title'], type: 'text', config: { language: 'english' } },
            ],
            projections: [{ name: 'cheap', fields: ['title', 'price'], filter: { price: { $lt: 10 } } }],
          },
        },
      ]);
      await db.insert('items', [
        { _id: 'a', cat: 'x', n: 1, price: 1.5, ok: true, at: '2026-01-01T00:00:00Z', title: 'red apple', meta: { lang: 'en' } },
        { _id: 'b "quoted"', cat: 'y\u2028', n: 2, price: 20, ok: false, title: 'green pear' },
      ]);
      const queries: Query[] = [
        { limit: 5 },
        { filter: { _id: 'a' }, limit: 1 },
        { filter: { _id: { $in: ['a', 'b "quoted"', 'ü'] } }, sort: [{ field: 'n', order: 'desc' }], limit: 5 },
        { filter: { cat: 'x' }, limit: 5 },
        { filter: { cat: { $in: ['x', 'y\u2028'] }, n: { $gt: 0, $lte: 7 }, ok: true }, limit: 5 },
        { filter: { cat: 'x', n: { $gte: 1 }, price: { $ne: null }, at: { $exists: true } }, sort: [{ field: 'n', order: 'desc' }], limit: 3 },
        { filter: { price: { $gt: -0.5, $lt: 1e21 } }, sort: [{ field: 'price', order: 'desc' }], limit: 2 },
        { filter: { at: { $gte: '2026-01-01T01:00:00+01:00' } }, limit: 2 },
        { filter: { 'meta.lang': 'en' }, limit: 2 },
        { filter: { $or: [{ cat: 'x' }, { price: { $gt: 5 } }] }, limit: 4 },
        { filter: { cat: 'x', $or: [{ n: 1 }, { n: { $in: [2, 3] } }] }, limit: 4 },
        { sort: [{ field: 'at', order: 'desc' }], limit: 4 },
        { filter: { ok: true }, limit: 5 },
        { filter: { cat: 'x' }, sort: [{ field: 'price', order: 'asc' }], limit: 5 },
        { filter: { cat: 'x' }, limit: 100000 },
        { filter: { nope: 1 }, limit: 5 },
        { text_search: { query: 'red apples', index: 'title_text' }, filter: { cat: 'x' }, limit: 5 },
        { filter: { cat: 'x' }, fields: ['title'], count: true, limit: 5 },
      ];
      const writer = new ExplainJson(new QuotedStrings());
      let checked = 0;
      for (const query of queries) {
        for (const analyze of [false, true]) {
          const explain = await db.explain('items', query, { analyze });
          expect(write(explain, writer), JSON.stringify(query)).toBe(JSON.stringify(explain));
          checked++;
        }
      }
      const projected = await db.explainProjection('cheap', { limit: 5 }, { analyze: true });
      expect(write(projected, writer)).toBe(JSON.stringify(projected));
      expect(checked).toBe(queries.length * 2);
    } finally {
      await db.close();
    }
  });

  it('falls back to JSON.stringify for keys it does not know', () => {
    const explain = { accepted: true, collection: 'c', schema_version: 1, planner_version: 1, future_key: { a: 1 } } as unknown as Explain;
    expect(write(explain)).toBe(JSON.stringify(explain));
    const odd = { accepted: true, collection: 'c', schema_version: 1, planner_version: 1, sort: { by_index: true, order: [['a', 'asc']], extra: 1 }, rls: { applied: true, predicate: { a: { eq: 1 } } } } as unknown as Explain;
    expect(write(odd)).toBe(JSON.stringify(odd));
  });

  it('jsonValue matches JSON.stringify for scalars and leaves out what it leaves out', () => {
    for (const value of ['', 'plain', 'with "quote"', 'tab\t', '\u2028', 'ü', 0, -0, 1.5, 1e21, -1e-7, Number.NaN, Infinity, true, false, null, [1, 'a'], { a: [null] }]) {
      expect(jsonValue(value)).toBe(JSON.stringify(value));
    }
    expect(jsonValue(undefined)).toBeUndefined();
  });
});
