// BM25 (k1 = 1.2, b = 0.75) summed per field with field weights (docs/search.md has the formula):
//   score(d) = sum over query terms t, over indexed fields f, of
//              w_f * idf(t) * tf(t,f,d) * (k1 + 1) / (tf(t,f,d) + k1 * (1 - b + b * len(f,d) / avglen(f)))
//   idf(t)   = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))
// Every score (ranking and explain_score) is computed through these two functions, in the same
// order, so equal inputs always give bit-identical scores.
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** N = documents in the index, n = documents holding the term (in any indexed field). */
export function bm25Idf(documents: number, holding: number): number {
  return Math.log(1 + (documents - holding + 0.5) / (holding + 0.5));
}

/** One field's contribution of one term; 0 when the term does not occur in the field. */
export function bm25FieldScore(weight: number, idf: number, tf: number, length: number, averageLength: number): number {
  if (tf === 0) return 0;
  return (weight * idf * (tf * (BM25_K1 + 1))) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength));
}
