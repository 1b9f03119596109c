// The explain document (SPEC §5). Producers must emit keys in exactly this declaration order.

export type ScanType = 'PK_LOOKUP' | 'INDEX_EQ' | 'INDEX_RANGE' | 'INDEX_ORDER' | 'OR_UNION' | 'TEXT';

export interface BoundSpec {
  eq?: unknown;
  in?: unknown[];
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

export interface ResidualPredicate {
  field: string;
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'exists';
  value: unknown;
}

export interface ExplainRejection {
  code: string;
  message: string;
  field: string | null;
  hint: string;
}

/** How a TEXT scan searches (scan "TEXT" only). */
export interface TextExplain {
  query: string;
  /** the analysed terms; a document must hold every one of them */
  terms: string[];
  language: 'english' | 'simple';
  match: 'all';
  ranking: 'bm25';
  k1: number;
  b: number;
  /** field weights, in index field order */
  weights: Record<string, number>;
}

export interface Explain {
  accepted: boolean;
  collection: string;
  /** the named projection the query ran through (its filter is merged into bounds/residual) */
  projection?: string;
  schema_version: number;
  planner_version: number;
  scan?: ScanType;
  index?: string;
  index_fields?: string[];
  text?: TextExplain;
  bounds?: Record<string, BoundSpec>;
  residual?: ResidualPredicate[];
  sort?: { by_index: boolean; order: Array<[string, 'asc' | 'desc']> };
  limit?: number;
  rls?: { applied: boolean; predicate: Record<string, BoundSpec> | null };
  /** only for scan OR_UNION: one sub-plan per $or branch */
  branches?: Explain[];
  rejected_alternatives?: Array<{ index: string; reason: string }>;
  rejection?: ExplainRejection;
  analyze?: { documents_scanned: number; documents_returned: number; duration_ms: number };
}
