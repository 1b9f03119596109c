import type { SchemaOp } from '../types.js';

/** A parsed, validated migration file. */
export interface Migration {
  version: string;
  name: string;
  /** file name, e.g. 002_add_email_verified.aeromigration.json */
  file: string;
  /** absolute path */
  path: string;
  /** `sha256:` + hex of the bytes with CRLF -> LF */
  checksum: string;
  description?: string;
  up: SchemaOp[];
  down: SchemaOp[];
}

/** One `resolve --accept-modified` decision, kept in the migration's history row. */
export interface MigrationResolution {
  resolved_at: string;
  reason: string;
  previous_checksum: string;
  checksum: string;
  /** LSN of the unit that recorded the decision */
  lsn: number;
}

/**
 * A `_system.migrations` row (`_id` = version). `direction: "up"` = applied; `"down"` = rolled
 * back by `migrate down` (kept as history, treated as not applied).
 */
export interface MigrationRecord {
  _id: string;
  version: string;
  name: string;
  checksum: string;
  applied_at: string;
  lsn: number;
  direction: 'up' | 'down';
  resolutions: MigrationResolution[];
}

export type MigrationState = 'applied' | 'pending' | 'modified' | 'missing';

export interface MigrationStatusEntry {
  version: string;
  name: string;
  state: MigrationState;
  applied_at: string | null;
  /** the file's checksum (the recorded one when the file is missing) */
  checksum: string;
  /** recorded at apply time; null when not applied */
  applied_checksum: string | null;
  file: string | null;
  /** a pending migration whose version sorts below an applied one */
  out_of_order: boolean;
  /** accepted edits of the applied file (`migrate resolve`), oldest first */
  resolutions: MigrationResolution[];
}

export type MigrationProblem =
  | { kind: 'modified'; version: string; name: string; file: string; expected_checksum: string; actual_checksum: string }
  | { kind: 'missing'; version: string; name: string; expected_checksum: string }
  | { kind: 'out_of_order'; version: string; name: string; file: string; highest_applied: string };

export interface MigrationStatus {
  entries: MigrationStatusEntry[];
  problems: MigrationProblem[];
  /** highest applied version, or null */
  current: string | null;
}

/** Reports progress of long work (one call per migration step). */
export type MigrationProgress = (event: { phase: 'start' | 'done'; direction: 'up' | 'down'; version: string; name: string; index: number; total: number }) => void;

/** Where applied_at / resolved_at come from (history only, never a decision). */
export type Clock = () => Date;
