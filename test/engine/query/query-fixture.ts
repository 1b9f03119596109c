// A small in-memory collection for query tests: documents in a Map plus CollectionIndexes, written
// through checkWrites + apply exactly like the Database does.
import { CollectionIndexes } from '../../../src/engine/index/collection-indexes.js';
import { executeQuery, explainQuery, type QueryContext, type QueryOptions } from '../../../src/engine/query/query-engine.js';
import type { AppliedSchema, Doc, Query } from '../../../src/engine/types.js';

export const POSTS_SCHEMA: AppliedSchema = {
  collection: 'posts',
  schema_version: 3,
  fields: {
    _id: { type: 'string', required: true },
    title: { type: 'string', required: true },
    status: { type: 'string', enum: ['draft', 'published'], required: true },
    views: { type: 'int' },
    score: { type: 'float', nullable: true },
    published: { type: 'bool' },
    created_at: { type: 'timestamp', required: true },
    tags: { type: 'array', items: { type: 'string' } },
    meta: { type: 'object', fields: { lang: { type: 'string' }, words: { type: 'int' } } },
    author_id: { type: 'reference', target_collection: 'users', target_field: '_id', on_delete: 'restrict', required: true },
    email: { type: 'string' },
    backrefs: { type: 'reverse_reference', source_collection: 'comments', source_field: 'post_id', limit: 20 },
  },
  indexes: [
    { name: 'status_idx', fields: ['status'] },
    { name: 'author_created', fields: ['author_id', 'created_at'] },
    { name: 'email_unique', fields: ['email'], unique: true },
    { name: 'views_idx', fields: ['views'] },
    { name: 'lang_idx', fields: ['meta.lang'] },
    { name: 'content_search', type: 'text', fields: ['title'] },
  ],
};

export class Fixture {
  readonly docs = new Map<string, Doc>();
  readonly indexes: CollectionIndexes;
  readonly ctx: QueryContext;

  constructor(readonly schema: AppliedSchema = POSTS_SCHEMA, initial: Array<Record<string, unknown>> = [], maxLimit = 1000) {
    for (const d of initial) this.docs.set(d._id as string, freeze(d));
    this.indexes = new CollectionIndexes(schema);
    this.indexes.build(this.docs.values());
    this.ctx = { collection: schema.collection, schema, docs: this.docs, indexes: this.indexes, maxLimit };
  }

  /** Applies a unit of puts (full documents) and deletes (ids) atomically. */
  write(puts: Array<Record<string, unknown>>, deletes: string[] = []): void {
    const changes: Array<{ old: Doc | undefined; next: Doc | undefined }> = [];
    const staged = new Map(this.docs);
    for (const id of deletes) {
      changes.push({ old: staged.get(id), next: undefined });
      staged.delete(id);
    }
    for (const p of puts) {
      const next = freeze(p);
      changes.push({ old: staged.get(next._id), next });
      staged.set(next._id, next);
    }
    this.indexes.checkWrites(changes);
    for (const { old, next } of changes) {
      this.indexes.apply(old, next);
      if (next) this.docs.set(next._id, next);
      else if (old) this.docs.delete(old._id);
    }
  }

  find(query: Query, options?: QueryOptions) {
    return executeQuery(this.ctx, query, options);
  }

  explain(query: Query, options?: QueryOptions) {
    return explainQuery(this.ctx, query, options);
  }

  ids(query: Query): string[] {
    return this.find(query).docs.map((d) => d._id);
  }
}

export function freeze(doc: Record<string, unknown>): Doc {
  for (const v of Object.values(doc)) if (typeof v === 'object' && v !== null) freeze(v as Record<string, unknown>);
  return Object.freeze(doc) as Doc;
}

export function post(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { _id: id, title: `t-${id}`, status: 'draft', created_at: '2026-01-01T00:00:00.000Z', author_id: 'u1', ...extra };
}

/** Every page of a query, following next_cursor. */
export function allPages(fx: Fixture, query: Query): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const res = fx.find(cursor ? { ...query, cursor } : query);
    pages++;
    ids.push(...res.docs.map((d) => d._id));
    if (!res.next_cursor) return { ids, pages };
    cursor = res.next_cursor;
    if (pages > 10_000) throw new Error('cursor loop');
  }
}
