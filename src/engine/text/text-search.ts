// Runs a text search over one text index: every query term must occur (in any indexed field), the
// residual filter must hold, and the page is the best `limit` hits by BM25 score (ties by _id),
// strictly after the cursor. The shortest posting list drives the intersection; the others are
// walked forward in step (all lists are sorted by ordinal).
import type { Doc } from '../types.js';
import { matchesAll, type Predicate } from '../query/predicate.js';
import { bm25FieldScore, bm25Idf } from './bm25.js';
import type { PostingList } from './posting-list.js';
import type { TextIndex } from './text-index.js';
import { TopHits, type Hit } from './top-hits.js';

export interface TextSearchInput {
  index: TextIndex;
  /** distinct analysed query terms, in query order (the order scores are summed in) */
  terms: readonly string[];
  residual: readonly Predicate[];
  docs: ReadonlyMap<string, Doc>;
  limit: number;
  /** [score, _id] of the last hit of the previous page */
  cursor: readonly [number, string] | undefined;
  count: boolean;
}

export interface TextPage {
  hits: Array<{ doc: Doc; score: number; ord: number }>;
  /** [score, _id] of the last hit when more follow */
  next: [number, string] | null;
  count: number | undefined;
  /** documents holding every term (examined against the residual filter and scored) */
  scanned: number;
}

export function searchText(input: TextSearchInput): TextPage {
  const { index, terms, residual, docs, limit, cursor } = input;
  const lists: PostingList[] = [];
  for (const term of terms) {
    const list = index.posting(term);
    if (!list || list.live === 0) return { hits: [], next: null, count: input.count ? 0 : undefined, scanned: 0 };
    lists.push(list);
  }
  const n = lists.length;
  const fieldCount = index.fieldCount;
  const weights = index.weights;
  const averages = index.fields.map((_, f) => index.averageLength(f));
  const idfs = lists.map((list) => bm25Idf(index.documents, list.live));
  const lengths = index.lengths;
  let driver = 0;
  for (let j = 1; j < n; j++) if (lists[j]!.size < lists[driver]!.size) driver = j;
  const positions = new Int32Array(n);
  const top = new TopHits(limit + 1);
  const hasResidual = residual.length > 0;
  let scanned = 0;
  let matched = 0;

  const lead = lists[driver]!;
  outer: for (let i = 0; i < lead.size; i++) {
    const ord = lead.ords[i]!;
    const id = index.idAt(ord);
    if (id === undefined) continue;
    positions[driver] = i;
    for (let j = 0; j < n; j++) {
      if (j === driver) continue;
      const list = lists[j]!;
      let p = positions[j]!;
      while (p < list.size && list.ords[p]! < ord) p++;
      positions[j] = p;
      if (p === list.size) break outer;
      if (list.ords[p] !== ord) continue outer;
    }
    scanned++;
    if (hasResidual && !matchesAll(residual, docs.get(id)!)) continue;
    matched++;
    let score = 0;
    for (let j = 0; j < n; j++) {
      const list = lists[j]!;
      const base = positions[j]! * fieldCount;
      for (let f = 0; f < fieldCount; f++) {
        const tf = list.tfs[base + f]!;
        if (tf !== 0) score += bm25FieldScore(weights[f]!, idfs[j]!, tf, lengths[ord * fieldCount + f]!, averages[f]!);
      }
    }
    if (cursor && !(score < cursor[0] || (score === cursor[0] && id > cursor[1]))) continue;
    if (top.admits(score)) top.offer({ score, ord, id });
  }

  const kept = top.sorted();
  const page: Hit[] = kept.slice(0, limit);
  const last = page.at(-1);
  return {
    hits: page.map((hit) => ({ doc: docs.get(hit.id)!, score: hit.score, ord: hit.ord })),
    next: kept.length > limit && last ? [last.score, last.id] : null,
    count: input.count ? matched : undefined,
    scanned,
  };
}
