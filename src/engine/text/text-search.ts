// Runs a text search over one text index: every query term must occur (in any indexed field), the
// residual filter must hold, and the page is the best `limit` hits by BM25 score (ties by _id),
// strictly after the cursor. The shortest posting list drives the intersection; the others are
// walked forward in step (all lists are sorted by ordinal). Without `count`, blocks of the driving
// list whose score bound cannot reach the page are skipped (block-max pruning, see posting-list.ts);
// with `count` every match is visited.
import type { Doc } from '../types.js';
import { matchesAll, type Predicate } from '../query/predicate.js';
import { bm25Coefficient, bm25FieldScore, bm25Idf, bm25LengthSlope } from './bm25.js';
import { BLOCK_SIZE, type PostingList } from './posting-list.js';
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
  // per-query constants: coef[j * fieldCount + f] and slope[f] (see bm25.ts)
  const coef = new Float64Array(n * fieldCount);
  lists.forEach((list, j) => {
    const idf = bm25Idf(index.documents, list.live);
    for (let f = 0; f < fieldCount; f++) coef[j * fieldCount + f] = bm25Coefficient(index.weights[f]!, idf);
  });
  const slope = Float64Array.from(index.fields, (_, f) => bm25LengthSlope(index.averageLength(f)));
  const lengths = index.lengths;
  const ids = index.ids;
  let driver = 0;
  for (let j = 1; j < n; j++) if (lists[j]!.size < lists[driver]!.size) driver = j;
  const positions = new Int32Array(n);
  const top = new TopHits(limit + 1);
  const hasResidual = residual.length > 0;
  let scanned = 0;
  let matched = 0;

  const lead = lists[driver]!;
  // While ordinals follow _id order, a later document can never win a tie: ties need no _id
  // comparison and a block whose bound only equals the page's worst score can be skipped.
  const ordered = index.idsAscending;
  // Upper bounds of the other lists' contributions (their best tf at their shortest length).
  const otherMax = new Float64Array(n * fieldCount);
  for (let j = 0; j < n; j++) {
    if (j === driver) continue;
    for (let f = 0; f < fieldCount; f++) otherMax[j * fieldCount + f] = listBound(lists[j]!, f, coef[j * fieldCount + f]!, slope[f]!);
  }
  const prune = !input.count;
  outer: for (let blockStart = 0; blockStart < lead.size; blockStart += BLOCK_SIZE) {
    if (prune && top.full) {
      const block = (blockStart / BLOCK_SIZE) * fieldCount;
      let bound = 0;
      for (let j = 0; j < n; j++) {
        for (let f = 0; f < fieldCount; f++) {
          // summed in the scoring order: IEEE rounding is monotonic, so bound >= every score in the block
          bound += j === driver
            ? bm25FieldScore(coef[j * fieldCount + f]!, lead.blockMaxTf[block + f]!, slope[f]!, lead.blockMinLength[block + f]!)
            : otherMax[j * fieldCount + f]!;
        }
      }
      const worst = top.worstScore;
      if (bound < worst || (ordered && bound === worst)) continue;
    }
    const blockEnd = Math.min(blockStart + BLOCK_SIZE, lead.size);
    for (let i = blockStart; i < blockEnd; i++) {
      const ord = lead.ords[i]!;
      const id = ids[ord];
      if (id === undefined) continue;
      positions[driver] = i;
      let match = true;
      for (let j = 0; j < n; j++) {
        if (j === driver) continue;
        const list = lists[j]!;
        let p = positions[j]!;
        while (p < list.size && list.ords[p]! < ord) p++;
        positions[j] = p;
        if (p === list.size) break outer;
        if (list.ords[p] !== ord) {
          match = false;
          break;
        }
      }
      if (!match) continue;
      scanned++;
      if (hasResidual && !matchesAll(residual, docs.get(id)!)) continue;
      matched++;
      let score = 0;
      const lengthBase = ord * fieldCount;
      for (let j = 0; j < n; j++) {
        const tfs = lists[j]!.tfs;
        const base = positions[j]! * fieldCount;
        for (let f = 0; f < fieldCount; f++) {
          const tf = tfs[base + f]!;
          if (tf !== 0) score += bm25FieldScore(coef[j * fieldCount + f]!, tf, slope[f]!, lengths[lengthBase + f]!);
        }
      }
      if (cursor && !(score < cursor[0] || (score === cursor[0] && id > cursor[1]))) continue;
      if (ordered ? top.admitsLater(score) : top.admits(score, id)) top.offer({ score, ord, id });
    }
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

/** The largest contribution any posting of `list` can make in field f (best tf at the shortest length). */
function listBound(list: PostingList, f: number, coef: number, slope: number): number {
  const fieldCount = list.fieldCount;
  let maxTf = 0;
  let minLength = 0xffffffff;
  const blocks = Math.ceil(list.size / BLOCK_SIZE);
  for (let b = 0; b < blocks; b++) {
    if (list.blockMaxTf[b * fieldCount + f]! > maxTf) maxTf = list.blockMaxTf[b * fieldCount + f]!;
    if (list.blockMinLength[b * fieldCount + f]! < minLength) minLength = list.blockMinLength[b * fieldCount + f]!;
  }
  return bm25FieldScore(coef, maxTf, slope, minLength);
}
