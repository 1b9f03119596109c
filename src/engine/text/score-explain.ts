// `explain_score`: how one hit's score is made, term by term and field by field. Contributions are
// computed by the same function in the same order as the ranking, so they add up to `_score` exactly.
import { bm25Coefficient, bm25FieldScore, bm25Idf, bm25LengthSlope, BM25_B, BM25_K1 } from './bm25.js';
import type { TextIndex } from './text-index.js';

export interface FieldContribution {
  field: string;
  tf: number;
  length: number;
  average_length: number;
  weight: number;
  contribution: number;
}

export interface TermContribution {
  term: string;
  /** n(t): documents holding the term */
  documents: number;
  idf: number;
  fields: FieldContribution[];
  contribution: number;
}

export interface ScoreExplain {
  score: number;
  ranking: 'bm25';
  k1: number;
  b: number;
  /** N: documents in the text index */
  documents: number;
  terms: TermContribution[];
}

export function explainScore(index: TextIndex, terms: readonly string[], ord: number): ScoreExplain {
  const fieldCount = index.fieldCount;
  let score = 0;
  const out: TermContribution[] = terms.map((term) => {
    const list = index.posting(term)!;
    const position = list.positionOf(ord);
    const idf = bm25Idf(index.documents, list.live);
    let termScore = 0;
    const fields = index.fields.map((field, f) => {
      const tf = position < 0 ? 0 : list.tfs[position * fieldCount + f]!;
      const length = index.lengths[ord * fieldCount + f]!;
      const average = index.averageLength(f);
      const contribution = bm25FieldScore(bm25Coefficient(index.weights[f]!, idf), tf, bm25LengthSlope(average), length);
      termScore += contribution;
      score += contribution;
      return { field, tf, length, average_length: average, weight: index.weights[f]!, contribution };
    });
    return { term, documents: list.live, idf, fields, contribution: termScore };
  });
  return { score, ranking: 'bm25', k1: BM25_K1, b: BM25_B, documents: index.documents, terms: out };
}
