// Determinism through the Database: the same explain is the same bytes twice in a row, after
// close + reopen (recovery from the WAL) and after checkpoint + reopen (recovery from a checkpoint);
// find results (documents, cursors, counts, explain) are identical across reopens as well.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import type { CollectionSchema, Query } from '../../../src/engine/types.js';
import { TempDirs } from './temp-dirs.js';

const temp = new TempDirs();
afterEach(() => temp.removeAll());

const POSTS: CollectionSchema = {
  collection: 'posts',
  fields: {
    _id: { type: 'string', required: true },
    status: { type: 'string', enum: ['draft', 'published'], required: true },
    author: { type: 'string', required: true },
    views: { type: 'int' },
    score: { type: 'float', nullable: true },
    created_at: { type: 'timestamp', required: true },
    title: { type: 'string' },
  },
  indexes: [
    { name: 'status_idx', fields: ['status'] },
    { name: 'author_created', fields: ['author', 'created_at'] },
    { name: 'views_idx', fields: ['views'] },
    { name: 'title_unique', fields: ['title'], unique: true },
  ],
};

/** Query shapes covering every scan type, a residual, a desc sort, a count, a projection and a rejection. */
const QUERIES: Record<string, Query> = {
  eq: { filter: { status: 'published' }, limit: 3, count: true },
  eqRangeSorted: { filter: { author: 'u1', created_at: { $gte: '2026-01-02T00:00:00+01:00' }, status: 'draft' }, sort: [{ field: 'created_at', order: 'desc' }], limit: 4 },
  range: { filter: { views: { $gt: 2, $lte: 30 } }, sort: [{ field: 'views', order: 'desc' }], limit: 5, fields: ['views', 'title'] },
  order: { sort: [{ field: 'author', order: 'asc' }], limit: 6 },
  unfiltered: { limit: 7 },
  pk: { filter: { _id: { $in: ['p09', 'p02', 'p05'] } }, sort: [{ field: 'views', order: 'asc' }], limit: 3 },
  union: { filter: { $or: [{ status: 'published' }, { _id: { $in: ['p04', 'p08'] } }] }, limit: 3 },
  inList: { filter: { author: { $in: ['u2', 'u0'] } }, sort: [{ field: 'created_at', order: 'asc' }], limit: 4 },
  rejectedUnindexed: { filter: { score: 1.5 }, limit: 5 },
  rejectedSort: { filter: { status: 'draft' }, sort: [{ field: 'views', order: 'asc' }], limit: 5 },
};

async function seeded(dir: string): Promise<Database> {
  const db = await openDatabase({ dir, fsync: false });
  await db.applySchemaOps([{ op: 'create_collection', schema: POSTS }]);
  const docs = Array.from({ length: 24 }, (_, i) => ({
    _id: `p${String(i).padStart(2, '0')}`,
    status: i % 3 === 0 ? 'published' : 'draft',
    author: `u${i % 4}`,
    ...(i % 5 === 0 ? {} : { views: (i * 7) % 40 }),
    score: i % 4 === 0 ? null : i / 2,
    created_at: `2026-01-${String((i % 9) + 1).padStart(2, '0')}T10:00:00+02:00`,
    ...(i % 2 === 0 ? { title: `title ${i}` } : {}),
  }));
  await db.insert('posts', docs.slice(0, 12));
  for (const doc of docs.slice(12)) await db.insert('posts', doc);
  await db.update('posts', 'p03', { views: 11 });
  await db.delete('posts', 'p07');
  return db;
}

async function explainTexts(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, query] of Object.entries(QUERIES)) out[name] = JSON.stringify(await db.explain('posts', query));
  return out;
}

/** Every accepted query paged to the end: documents, cursors, counts and explains as text. */
async function findTexts(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    if (name.startsWith('rejected')) continue;
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await db.find('posts', cursor === undefined ? query : { ...query, cursor });
      pages.push(JSON.stringify({ data: res.data, next_cursor: res.next_cursor, count: res.count, explain: res.explain, scanned: res.documents_scanned }));
      cursor = res.next_cursor ?? undefined;
    } while (cursor !== undefined);
    out[name] = pages;
  }
  return out;
}

describe('determinism through openDatabase', () => {
  it('covers every scan type and a rejection', async () => {
    const db = await seeded(temp.make());
    const scans = new Set<string>();
    for (const query of Object.values(QUERIES)) {
      const explain = await db.explain('posts', query);
      scans.add(explain.accepted ? explain.scan! : `rejected:${explain.rejection!.code}`);
    }
    await db.close();
    expect([...scans].sort()).toEqual(['INDEX_EQ', 'INDEX_ORDER', 'INDEX_RANGE', 'OR_UNION', 'PK_LOOKUP', 'rejected:AERO_QUERY_UNINDEXED_FIELD']);
  });

  it('the same explain is byte-identical twice, after reopen, and after checkpoint + reopen', async () => {
    const dir = temp.make();
    let db = await seeded(dir);
    const first = await explainTexts(db);
    expect(await explainTexts(db)).toEqual(first);
    const found = await findTexts(db);

    await db.close();
    db = await openDatabase({ dir, fsync: false });
    expect(await explainTexts(db)).toEqual(first);
    expect(await findTexts(db)).toEqual(found);

    await db.checkpoint();
    await db.close();
    db = await openDatabase({ dir, fsync: false });
    expect(db.stats().checkpoint_lsn).toBe(db.lsn);
    expect(await explainTexts(db)).toEqual(first);
    expect(await findTexts(db)).toEqual(found);
    await db.close();

    // and a second database built by the same calls explains the same bytes
    const twin = await seeded(temp.make());
    expect(await explainTexts(twin)).toEqual(first);
    await twin.close();
  });

  it('explain keys come in the documented order; analyze differs only in duration_ms', async () => {
    const db = await seeded(temp.make());
    const accepted = await db.explain('posts', QUERIES.eqRangeSorted!);
    expect(Object.keys(accepted)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version', 'scan', 'index', 'index_fields', 'bounds', 'residual', 'sort', 'limit', 'rls', 'rejected_alternatives']);
    const rejected = await db.explain('posts', QUERIES.rejectedUnindexed!);
    expect(Object.keys(rejected)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version', 'rejection']);
    expect(Object.keys(rejected.rejection!)).toEqual(['code', 'message', 'field', 'hint']);

    const a = await db.explain('posts', QUERIES.eqRangeSorted!, { analyze: true });
    const b = await db.explain('posts', QUERIES.eqRangeSorted!, { analyze: true });
    expect(Object.keys(a.analyze!)).toEqual(['documents_scanned', 'documents_returned', 'duration_ms']);
    const withoutDuration = (e: typeof a) => JSON.stringify({ ...e, analyze: { ...e.analyze!, duration_ms: 0 } });
    expect(withoutDuration(a)).toBe(withoutDuration(b));
    const { analyze: _dropped, ...plain } = a;
    expect(JSON.stringify(plain)).toBe(JSON.stringify(accepted));
    await db.close();
  });
});
