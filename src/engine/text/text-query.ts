// The TEXT plan: a query with `text_search` scans one text index. Every filter predicate is a
// residual on that scan (the posting lists bound it), results come in (_score desc, _id asc) order
// and the cursor is [score, _id] of the last hit.
import { AeroError } from '../errors/aero-error.js';
import { invalidCursor } from '../query/cursor.js';
import { explainHead, PLANNER_VERSION, type ExplainMeta } from '../query/explain-builder.js';
import type { Explain, ResidualPredicate } from '../query/explain-types.js';
import type { ParsedQuery } from '../query/parse-query.js';
import type { Predicate } from '../query/predicate.js';
import { invalidQuery } from '../query/query-errors.js';
import { BM25_B, BM25_K1 } from './bm25.js';
import type { CollectionTextIndexes } from './collection-text-indexes.js';
import type { TextIndex } from './text-index.js';

export interface TextPlan {
  index: TextIndex;
  query: string;
  /** distinct analysed terms in query order */
  terms: string[];
  residual: Predicate[];
}

export const TEXT_ORDER: Array<[string, 'asc' | 'desc']> = [['_score', 'desc'], ['_id', 'asc']];

export function planTextQuery(collection: string, textIndexes: CollectionTextIndexes | undefined, parsed: ParsedQuery): TextPlan {
  const text = parsed.text!;
  const index = textIndexes?.get(text.index);
  if (!index) {
    const known = textIndexes?.names ?? [];
    throw new AeroError('AERO_QUERY_INVALID', `text_search names index "${text.index}", which is not a text index of ${collection}`, {
      details: { field: null, index: text.index, text_indexes: known },
      hint: known.length > 0
        ? `Use one of: ${known.join(', ')}.`
        : `Add one with add_index {"name":"${text.index}","type":"text","fields":[...],"config":{"language":"english"}}.`,
    });
  }
  const terms = [...new Set(index.analyzer.terms(text.query))];
  if (terms.length === 0) {
    throw invalidQuery(`text_search query ${JSON.stringify(text.query)} has no searchable terms (only stop words or punctuation for language "${index.language}")`, null,
      { key: 'text_search' }, 'Search for at least one word that is not a stop word.');
  }
  return { index, query: text.query, terms, residual: parsed.conjunctions[0] ?? [] };
}

/** Checks a decoded cursor against the text order: [score, _id]. */
export function textCursor(values: readonly unknown[] | undefined): [number, string] | undefined {
  if (values === undefined) return undefined;
  const [score, id] = values;
  if (values.length !== 2 || typeof score !== 'number' || typeof id !== 'string') {
    throw invalidCursor('it was made for a different sort (a text search cursor holds [_score, _id])', { order: ['_score', '_id'] });
  }
  return [score, id];
}

export function textExplain(meta: ExplainMeta, plan: TextPlan, limit: number): Explain {
  const weights: Record<string, number> = {};
  plan.index.fields.forEach((field, f) => (weights[field] = plan.index.weights[f]!));
  // Object.assign rather than a spread of the head (see query/explain-builder.ts: spreads are slow on Node 20)
  return Object.assign(explainHead(meta), {
    schema_version: meta.schema_version,
    planner_version: PLANNER_VERSION,
    scan: 'TEXT',
    index: plan.index.name,
    index_fields: [...plan.index.fields],
    text: {
      query: plan.query,
      terms: [...plan.terms],
      language: plan.index.language,
      match: 'all',
      ranking: 'bm25',
      k1: BM25_K1,
      b: BM25_B,
      weights,
    },
    residual: plan.residual.map(residualOf),
    sort: { by_index: false, order: TEXT_ORDER.map(([field, dir]) => [field, dir]) },
    limit,
    rls: meta.rls ?? { applied: false, predicate: null },
    rejected_alternatives: [],
  } satisfies Partial<Explain>) as Explain;
}

function residualOf(p: Predicate): ResidualPredicate {
  return { field: p.field, op: p.op, value: p.op === 'in' ? [...(p.value as unknown[])] : p.value };
}
