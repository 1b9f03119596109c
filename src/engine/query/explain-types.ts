// The explain document (SPEC §5). Producers must emit keys in exactly this declaration order.

export type ScanType = 'PK_LOOKUP' | 'INDEX_EQ' | 'INDEX_RANGE' | 'INDEX_ORDER' | 'OR_UNION';

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

export interface Explain {
  accepted: boolean;
  collection: string;
  schema_version: number;
  planner_version: number;
  scan?: ScanType;
  index?: string;
  index_fields?: string[];
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
