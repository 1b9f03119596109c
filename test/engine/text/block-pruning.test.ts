// Block-max pruning must never drop a document that belongs on the page: a slightly better document
// deep in a late block, and (when ordinals do not follow _id order) a tie with a smaller _id.
import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../../src/engine/text/text-index.js';
import { searchText } from '../../../src/engine/text/text-search.js';
import type { Doc } from '../../../src/engine/types.js';

const def = { name: 'search', type: 'text' as const, fields: ['body'], config: { language: 'simple' as const } };

function search(index: TextIndex, docs: Map<string, Doc>, terms: string[], limit: number) {
  return searchText({ index, terms, residual: [], docs, limit, cursor: undefined, count: false }).hits.map((h) => h.doc._id);
}

describe('block-max pruning', () => {
  it('finds a barely better document in a late block', () => {
    // fillers (tf 1, length 4) score s; block 23 (ordinals 1472..1535) holds only documents with
    // tf 2 at length 9, which score about 2% more: its bound is tight, and it must not be skipped
    const docs = new Map<string, Doc>();
    for (let i = 0; i < 2000; i++) {
      const id = `d${String(i).padStart(4, '0')}`;
      docs.set(id, { _id: id, body: i >= 1472 && i < 1536 ? 'alpha alpha beta gamma delta eps zeta eta theta' : 'alpha beta gamma delta' });
    }
    const index = new TextIndex(def);
    index.build(docs.values());
    expect(index.idsAscending).toBe(true);
    expect(search(index, docs, ['alpha'], 3)).toEqual(['d1472', 'd1473', 'd1474']);
  });

  it('keeps tie order by _id when ordinals are not in _id order', () => {
    const docs = new Map<string, Doc>();
    const index = new TextIndex(def);
    index.build([]);
    // inserted in descending _id order: the smallest _ids come last, in the last block
    for (let i = 999; i >= 0; i--) {
      const doc = { _id: `d${String(i).padStart(4, '0')}`, body: 'alpha beta' };
      docs.set(doc._id, doc);
      index.apply(undefined, doc);
    }
    expect(index.idsAscending).toBe(false);
    expect(search(index, docs, ['alpha'], 3)).toEqual(['d0000', 'd0001', 'd0002']);
  });
});
