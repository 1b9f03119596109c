// BM25 (k1 = 1.2, b = 0.75) summed per field with field weights (docs/search.md has the formula):
//   score(d) = sum over query terms t, over indexed fields f, of
//              w_f * idf(t) * tf(t,f,d) * (k1 + 1) / (tf(t,f,d) + k1 * (1 - b + b * len(f,d) / avglen(f)))
//   idf(t)   = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))
// The hot loop computes it as coef * tf / (tf + NORM_BASE + slope_f * len) with the per-query
// constants below (the same value, factored). Ranking and explain_score both go through
// bm25FieldScore with the same constants in the same order, so their scores are bit-identical.
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** k1 * (1 - b): the length normalisation's constant part */
export const BM25_NORM_BASE = BM25_K1 * (1 - BM25_B);

/** N = documents in the index, n = documents holding the term (in any indexed field). */
export function bm25Idf(documents: number, holding: number): number {
  return Math.log(1 + (documents - holding + 0.5) / (holding + 0.5));
}

/** w_f * idf(t) * (k1 + 1): constant for one (term, field) pair during a query. */
export function bm25Coefficient(weight: number, idf: number): number {
  return weight * idf * (BM25_K1 + 1);
}

/** k1 * b / avglen(f): how much each term of field length adds to the normalisation (0 if the field is empty everywhere). */
export function bm25LengthSlope(averageLength: number): number {
  return averageLength === 0 ? 0 : (BM25_K1 * BM25_B) / averageLength;
}

/** One field's contribution of one term; 0 when the term does not occur in the field. */
export function bm25FieldScore(coefficient: number, tf: number, slope: number, length: number): number {
  return tf === 0 ? 0 : (coefficient * tf) / (tf + BM25_NORM_BASE + slope * length);
}
