// BM25 scores against values worked out by hand from the formula in docs/search.md:
//   contribution = w_f * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen_f)),
//   idf = ln(1 + (N - n + 0.5) / (n + 0.5)), k1 = 1.2, b = 0.75, fields title (w 2) and body (w 1).
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import { TempDirs } from '../relations/relations-fixture.js';
import { openArticles } from './text-fixture.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

// corpus (language "simple": every word is a term)
//   a1: title "rust database" (2 terms)  body "a fast database" (3)
//   a2: title "go" (1)                   body "rust rust rust" (3)
//   a3: title "python" (1)               body "slow" (1)
// N = 3, avglen(title) = 4/3, avglen(body) = 7/3
const CORPUS = [
  { _id: 'a1', title: 'rust database', body: 'a fast database' },
  { _id: 'a2', title: 'go', body: 'rust rust rust' },
  { _id: 'a3', title: 'python', body: 'slow' },
];

// "rust": n = 2, idf = ln(1 + 1.5 / 2.5) = ln 1.6
//   a1 title: tf 1, len 2: 2 * ln1.6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / (4/3))) = 4.4 ln1.6 / 2.65
//   a2 body:  tf 3, len 3: 1 * ln1.6 * 6.6 / (3 + 1.2 * (0.25 + 0.75 * 3 / (7/3))) = 6.6 ln1.6 / (3 + 1.2 * (0.25 + 9/14 * 1.5))
const IDF_RUST = Math.log(1.6);
const A1_RUST = (4.4 * IDF_RUST) / 2.65;
const A2_RUST = (6.6 * IDF_RUST) / (3 + 1.2 * (0.25 + 27 / 28));
// "database" in a1 only: n = 1, idf = ln(1 + 2.5 / 1.5) = ln(8/3)
//   a1 title: tf 1, len 2 -> 4.4 idf / 2.65;  a1 body: tf 1, len 3 -> 2.2 idf / (1 + 1.2 * (0.25 + 0.75 * 9/7))
const IDF_DATABASE = Math.log(8 / 3);
const A1_DATABASE_TITLE = (4.4 * IDF_DATABASE) / 2.65;
const A1_DATABASE_BODY = (2.2 * IDF_DATABASE) / (1 + 1.2 * (0.25 + 27 / 28));

describe('BM25 scores', () => {
  it('equal the hand-computed reference to 1e-9, ranked by score then _id', async () => {
    const { db } = await openArticles(dirs);
    await db.insert('articles', CORPUS);
    const rust = await db.find('articles', { text_search: { query: 'rust', index: 'content_search' }, limit: 10 });
    expect(rust.data.map((d) => d._id)).toEqual(A2_RUST > A1_RUST ? ['a2', 'a1'] : ['a1', 'a2']);
    const byId = Object.fromEntries(rust.data.map((d) => [d._id, d._score as number]));
    expect(Math.abs(byId.a1! - A1_RUST)).toBeLessThan(1e-9);
    expect(Math.abs(byId.a2! - A2_RUST)).toBeLessThan(1e-9);

    const both = await db.find('articles', { text_search: { query: 'Database RUST', index: 'content_search' }, limit: 10, explain_score: true });
    expect(both.data.map((d) => d._id)).toEqual(['a1']); // every term must occur
    const hit = both.data[0]!;
    expect(Math.abs((hit._score as number) - (A1_DATABASE_TITLE + A1_DATABASE_BODY + A1_RUST))).toBeLessThan(1e-9);
    const explained = hit._score_explain as { score: number; documents: number; terms: Array<{ term: string; idf: number; documents: number; contribution: number; fields: Array<{ field: string; tf: number; length: number; contribution: number }> }> };
    expect(explained.score).toBe(hit._score); // the contributions add up to _score exactly
    expect(explained.documents).toBe(3);
    expect(explained.terms.map((t) => [t.term, t.documents])).toEqual([['database', 1], ['rust', 2]]);
    expect(Math.abs(explained.terms[0]!.idf - IDF_DATABASE)).toBeLessThan(1e-12);
    expect(explained.terms[0]!.fields.map((f) => [f.field, f.tf, f.length])).toEqual([['title', 1, 2], ['body', 1, 3]]);
    expect(Math.abs(explained.terms[0]!.fields[1]!.contribution - A1_DATABASE_BODY)).toBeLessThan(1e-9);
    await db.close();
  });

  it('ties are broken by _id, and scores and order are identical across runs and after reopen', async () => {
    const { db, dir } = await openArticles(dirs);
    await db.insert('articles', [
      { _id: 'b', title: 'x', body: 'same words here' },
      { _id: 'a', title: 'x', body: 'same words here' },
      { _id: 'c', title: 'x', body: 'same words' },
      ...CORPUS,
    ]);
    const query = { text_search: { query: 'same', index: 'content_search' }, limit: 10 };
    const first = await db.find('articles', query);
    expect(first.data.map((d) => d._id)).toEqual(['c', 'a', 'b']);
    const again = await db.find('articles', query);
    expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
    await db.checkpoint();
    await db.close();
    const reopened = await openDatabase({ dir, fsync: false });
    expect(JSON.stringify((await reopened.find('articles', query)).data)).toBe(JSON.stringify(first.data));
    await reopened.close();
  });
});
