import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import type { CollectionSchema } from '../../../src/engine/types.js';
import type { TempDirs } from '../relations/relations-fixture.js';

export function articlesSchema(language: 'english' | 'simple' = 'simple', weights: Record<string, number> = { title: 2, body: 1 }): CollectionSchema {
  return {
    collection: 'articles',
    fields: {
      _id: { type: 'string', required: true },
      title: { type: 'string' },
      body: { type: 'string' },
      status: { type: 'string', enum: ['draft', 'published'] },
    },
    indexes: [
      { name: 'status_idx', fields: ['status'] },
      { name: 'content_search', type: 'text', fields: ['title', 'body'], config: { language, weights, ranking: 'bm25' } },
    ],
  };
}

export async function openArticles(dirs: TempDirs, language: 'english' | 'simple' = 'simple'): Promise<{ db: Database; dir: string }> {
  const dir = dirs.make('aerodb-text-');
  const db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1 << 20 });
  await db.applySchemaOps([{ op: 'create_collection', schema: articlesSchema(language) }]);
  return { db, dir };
}
