import { afterEach, describe, expect, it } from 'vitest';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import { TempDirs } from '../relations/relations-fixture.js';
import { openArticles } from './text-fixture.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAeroError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

const TEXT = { query: 'database', index: 'content_search' };

async function seeded() {
  const opened = await openArticles(dirs, 'english');
  await opened.db.insert('articles', [
    { _id: 'a1', title: 'Databases', body: 'an embedded database engine', status: 'published' },
    { _id: 'a2', title: 'Rust', body: 'the database is written in rust', status: 'draft' },
    { _id: 'a3', title: 'Cooking', body: 'no match here', status: 'published' },
    { _id: 'a4', title: 'Database internals', body: 'database pages, database logs', status: 'published' },
    { _id: 'a5', title: 'Notes', body: 'a database', status: 'published' },
  ]);
  return opened;
}

describe('text_search', () => {
  it('explains as scan TEXT with the index, the analysed terms and the residual filter', async () => {
    const { db } = await seeded();
    const explain = await db.explain('articles', { text_search: { query: 'Running databases', index: 'content_search' }, filter: { status: 'published' }, limit: 5 });
    expect(explain).toEqual({
      accepted: true,
      collection: 'articles',
      schema_version: 1,
      planner_version: 1,
      scan: 'TEXT',
      index: 'content_search',
      index_fields: ['title', 'body'],
      text: { query: 'Running databases', terms: ['run', 'databas'], language: 'english', match: 'all', ranking: 'bm25', k1: 1.2, b: 0.75, weights: { title: 2, body: 1 } },
      residual: [{ field: 'status', op: 'eq', value: 'published' }],
      sort: { by_index: false, order: [['_score', 'desc'], ['_id', 'asc']] },
      limit: 5,
      rls: { applied: false, predicate: null },
      rejected_alternatives: [],
    });
    const analyzed = await db.explain('articles', { text_search: TEXT, limit: 5 }, { analyze: true });
    expect(analyzed.analyze).toMatchObject({ documents_scanned: 4, documents_returned: 4 });
    await db.close();
  });

  it('combines with filters, counts, carries _score and pages by [score, _id] cursors', async () => {
    const { db } = await seeded();
    const all = await db.find('articles', { text_search: TEXT, limit: 10, count: true });
    expect(all.count).toBe(4);
    expect(all.data.map((d) => d._id).sort()).toEqual(['a1', 'a2', 'a4', 'a5']);
    const scores = all.data.map((d) => d._score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const published = await db.find('articles', { text_search: TEXT, filter: { status: 'published' }, limit: 10, count: true });
    expect(published.count).toBe(3);
    expect(published.data.map((d) => d._id)).toEqual(all.data.filter((d) => d.status === 'published').map((d) => d._id));

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await db.find('articles', { text_search: TEXT, limit: 1, fields: ['title'], ...(cursor ? { cursor } : {}) });
      expect(Object.keys(page.data[0]!)).toEqual(['_id', 'title', '_score']);
      pages.push(page.data[0]!._id);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(all.data.map((d) => d._id));
    await db.close();
  });

  it('is kept current by inserts, updates and deletes', async () => {
    const { db } = await seeded();
    await db.update('articles', 'a3', { body: 'now about databases' });
    await db.delete('articles', 'a4');
    await db.update('articles', 'a1', { status: 'draft' }); // text unchanged
    await db.update('articles', 'a5', { body: 'nothing relevant' });
    const result = await db.find('articles', { text_search: TEXT, limit: 10 });
    expect(result.data.map((d) => d._id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(result.data.find((d) => d._id === 'a1')!.status).toBe('draft');
    await db.close();
  });

  it('is built for existing documents by add_index and removed by drop_index', async () => {
    const { db } = await seeded();
    await db.applySchemaOps([{ op: 'add_index', collection: 'articles', index: { name: 'title_search', type: 'text', fields: ['title'], config: { language: 'simple' } } }]);
    const found = await db.find('articles', { text_search: { query: 'rust', index: 'title_search' }, limit: 5 });
    expect(found.data.map((d) => d._id)).toEqual(['a2']);
    await db.applySchemaOps([{ op: 'drop_index', collection: 'articles', name: 'title_search' }]);
    expect((await rejection(db.find('articles', { text_search: { query: 'rust', index: 'title_search' }, limit: 5 }))).message).toContain('not a text index');
    await db.close();
  });

  it('rejects bad text queries with AERO_QUERY_INVALID naming the problem', async () => {
    const { db } = await seeded();
    const cases: Array<[object, string]> = [
      [{ text_search: { query: 'x', index: 'status_idx' }, limit: 5 }, 'not a text index'],
      [{ text_search: { query: 'the and', index: 'content_search' }, limit: 5 }, 'no searchable terms'],
      [{ text_search: { query: '', index: 'content_search' }, limit: 5 }, 'non-empty string'],
      [{ text_search: { query: 'x' }, limit: 5 }, 'text_search.index'],
      [{ text_search: { query: 'x', index: 'content_search', mode: 'any' }, limit: 5 }, 'unknown key "mode"'],
      [{ text_search: TEXT, sort: [{ field: 'status', order: 'asc' }], limit: 5 }, 'ordered by _score'],
      [{ text_search: TEXT, filter: { $or: [{ status: 'draft' }, { _id: 'a1' }] }, limit: 5 }, 'not $or'],
      [{ explain_score: true, limit: 5 }, 'needs "text_search"'],
      [{ text_search: TEXT, limit: 5, cursor: Buffer.from('["a",1]').toString('base64url') }, 'different sort'],
    ];
    for (const [query, text] of cases) {
      const error = await rejection(db.find('articles', query));
      expect(error.message, JSON.stringify(query)).toContain(text);
      expect(['AERO_QUERY_INVALID', 'AERO_QUERY_INVALID_CURSOR']).toContain(error.code);
    }
    await db.close();
  });
});
