// Property test: random writes (insert, update, delete, reopen) to a text-indexed collection, then
// every text query's full result (all pages via the cursor, and count) must equal a model that
// recomputes BM25 from the current documents alone. Scores are compared exactly: the model sums in
// the documented order (query terms, then index fields), as the engine does.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { TempDirs } from '../relations/relations-fixture.js';
import { openArticles } from './text-fixture.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta'];
const FIELDS = ['title', 'body'] as const;
const WEIGHTS = [2, 1];
type Article = { _id: string; title?: string; body?: string; status: 'draft' | 'published' };

function terms(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(' ').filter((w) => w !== '');
}

/** The reference ranking: BM25 per field summed with weights, every term required. */
function modelSearch(docs: Map<string, Article>, query: string[], status: string | undefined): Array<{ _id: string; score: number }> {
  const indexed = [...docs.values()].filter((d) => FIELDS.some((f) => terms(d[f]).length > 0));
  const n = indexed.length;
  const avg = FIELDS.map((f) => {
    const withField = indexed.filter((d) => terms(d[f]).length > 0);
    return withField.length === 0 ? 0 : withField.reduce((sum, d) => sum + terms(d[f]).length, 0) / withField.length;
  });
  const df = query.map((t) => indexed.filter((d) => FIELDS.some((f) => terms(d[f]).includes(t))).length);
  const out: Array<{ _id: string; score: number }> = [];
  for (const d of indexed) {
    if (!query.every((t) => FIELDS.some((f) => terms(d[f]).includes(t)))) continue;
    if (status !== undefined && d.status !== status) continue;
    let score = 0;
    query.forEach((t, j) => {
      const idf = Math.log(1 + (n - df[j]! + 0.5) / (df[j]! + 0.5));
      FIELDS.forEach((f, k) => {
        const tf = terms(d[f]).filter((w) => w === t).length;
        const len = terms(d[f]).length;
        // w * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg)), factored as the engine does
        const coef = WEIGHTS[k]! * idf * (1.2 + 1);
        const slope = avg[k] === 0 ? 0 : (1.2 * 0.75) / avg[k]!;
        if (tf !== 0) score += (coef * tf) / (tf + 1.2 * (1 - 0.75) + slope * len);
      });
    });
    out.push({ _id: d._id, score });
  }
  return out.sort((a, b) => (a.score !== b.score ? b.score - a.score : a._id < b._id ? -1 : 1));
}

/** Every page via the cursor (pages without count, so block pruning runs), and the count separately. */
async function engineSearch(db: Database, query: string[], status: string | undefined, pageSize: number): Promise<{ hits: Array<{ _id: string; score: number }>; count: number }> {
  const base = { text_search: { query: query.join(' '), index: 'content_search' }, ...(status ? { filter: { status } } : {}) };
  const count = (await db.find('articles', { ...base, limit: 1, count: true })).count!;
  const hits: Array<{ _id: string; score: number }> = [];
  let cursor: string | undefined;
  do {
    const page = await db.find('articles', { ...base, limit: pageSize, ...(cursor ? { cursor } : {}) });
    hits.push(...page.data.map((d) => ({ _id: d._id, score: d._score as number })));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return { hits, count };
}

const textArb = fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((words) => words.join(' '));
const articleArb = fc.record({ title: fc.option(textArb, { nil: undefined }), body: fc.option(textArb, { nil: undefined }), status: fc.constantFrom<'draft' | 'published'>('draft', 'published') });
const stepArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), id: fc.nat(11), article: articleArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
);
const queryArb = fc.record({
  terms: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }),
  status: fc.option(fc.constantFrom('draft', 'published'), { nil: undefined }),
  pageSize: fc.integer({ min: 1, max: 5 }),
});

describe('text index maintenance against a recomputing model', () => {
  it(`random writes then queries (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }), async (steps, queries) => {
        let { db, dir } = await openArticles(dirs);
        const model = new Map<string, Article>();
        try {
          for (const step of steps) {
            if (step.kind === 'reopen') {
              await db.close();
              db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1 << 20 });
            } else if (step.kind === 'delete') {
              const id = `d${step.id}`;
              if (model.delete(id)) await db.delete('articles', id);
            } else {
              const article: Article = { _id: `d${step.id}`, status: step.article.status };
              if (step.article.title !== undefined) article.title = step.article.title;
              if (step.article.body !== undefined) article.body = step.article.body;
              await db.upsert('articles', article._id, article, { on_conflict: 'replace' });
              model.set(article._id, article);
            }
          }
          for (const q of queries) {
            const expected = modelSearch(model, q.terms, q.status);
            const actual = await engineSearch(db, q.terms, q.status, q.pageSize);
            expect(actual.hits).toEqual(expected);
            expect(actual.count).toBe(expected.length);
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('block-max pruning on larger corpora: ascending and shuffled _ids, with updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: textArb, body: textArb, status: fc.constantFrom<'draft' | 'published'>('draft', 'published') }), { minLength: 200, maxLength: 700 }),
        fc.boolean(),
        fc.array(fc.nat(699), { maxLength: 30 }),
        queryArb,
        async (articles, shuffled, updates, q) => {
          const { db } = await openArticles(dirs);
          try {
            const model = new Map<string, Article>();
            const docs = articles.map((a, i) => ({ _id: shuffled ? `d${(i * 7919) % 1000}-${i}` : `d${String(i).padStart(4, '0')}`, ...a }));
            for (let start = 0; start < docs.length; start += 250) await db.insert('articles', docs.slice(start, start + 250));
            for (const d of docs) model.set(d._id, d);
            for (const pick of updates) {
              const target = docs[pick % docs.length]!;
              const next = { ...target, body: `${target.body} ${WORDS[pick % WORDS.length]}` };
              await db.replace('articles', next._id, next);
              model.set(next._id, next);
            }
            const expected = modelSearch(model, q.terms, q.status);
            const page = await db.find('articles', { text_search: { query: q.terms.join(' '), index: 'content_search' }, limit: 10 * q.pageSize, ...(q.status ? { filter: { status: q.status } } : {}) });
            expect(page.data.map((d) => ({ _id: d._id, score: d._score }))).toEqual(expected.slice(0, 10 * q.pageSize));
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: Math.max(10, Math.round(RUNS / 10)) },
    );
  }, 600_000);

  it('compaction after many rewrites keeps results exact', async () => {
    const { db } = await openArticles(dirs);
    const model = new Map<string, Article>();
    await db.insert('articles', Array.from({ length: 100 }, (_, i) => ({ _id: `d${i}`, body: 'alpha', status: 'draft' as const })));
    for (let i = 0; i < 100; i++) model.set(`d${i}`, { _id: `d${i}`, body: 'alpha', status: 'draft' });
    // 5,000 text changes leave 5,000 dead postings: more than the live ones, so the index compacts
    for (let round = 0; round < 50; round++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const body = WORDS.slice(0, 1 + ((i + round) % WORDS.length)).join(' ') + (round % 2 ? ' beta' : '');
          model.set(`d${i}`, { _id: `d${i}`, body, status: 'draft' });
          return db.update('articles', `d${i}`, { body });
        }),
      );
    }
    for (const query of [['alpha'], ['beta', 'gamma'], ['zeta']]) {
      expect((await engineSearch(db, query, undefined, 40)).hits).toEqual(modelSearch(model, query, undefined));
    }
    await db.close();
  }, 120_000);
});
