// `aerodb/function`: what a function's index.ts imports. Typed wrappers over the host functions of
// the WIT world: the database (capability-checked and row-level-security bound on the host), logs,
// the env allowlist, and the invocation's fixed clock and seeded randomness. Every call is
// synchronous: the guest blocks while the host answers.
import { dbQuery, envGet, log as hostLog, now as hostNow, random as hostRandom } from 'aerodb:function/host';
import type { Doc, NewDoc, Query } from '../engine/types.js';

export type { Doc, NewDoc, Query };

/** JSON values: what handle receives and may return. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A page of find results. */
export interface FindPage<T> {
  data: T[];
  next_cursor: string | null;
  /** present when the query asked for count: true */
  count?: number;
}

/** The input of a function triggered by a committed write (function.json `db` trigger). */
export interface DbEventInput<T = Doc> {
  event: 'insert' | 'update' | 'delete';
  collection: string;
  /** the document after the write (null for delete) */
  doc: T | null;
  /** the document before the write (null for insert) */
  old: T | null;
  lsn: number;
}

/** The input of a function run by its cron schedule (function.json `schedule` trigger). */
export interface ScheduleInput {
  event: 'schedule';
  cron: string;
  /** the minute (or second) the run was due, UTC ISO 8601 */
  scheduled_at: string;
}

/** A database call the host refused or that failed: the AeroDB error (code, message, details, hint). */
export class DbError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly hint: string;

  constructor(error: { code: string; message: string; details?: Record<string, unknown>; hint?: string }) {
    super(error.message);
    this.name = 'DbError';
    this.code = error.code;
    this.details = error.details ?? {};
    this.hint = error.hint ?? '';
  }
}

type Request =
  | { op: 'find'; collection: string; query: Query }
  | { op: 'get'; collection: string; id: string }
  | { op: 'insert'; collection: string; doc: NewDoc | NewDoc[] }
  | { op: 'update'; collection: string; id: string; patch: Record<string, unknown> }
  | { op: 'replace'; collection: string; id: string; doc: NewDoc }
  | { op: 'upsert'; collection: string; id: string; doc: NewDoc; on_conflict: 'replace' | 'merge' | 'error' }
  | { op: 'delete'; collection: string; id: string };

function call<T>(request: Request): T {
  const reply = JSON.parse(dbQuery(JSON.stringify(request))) as { data?: T; error?: ConstructorParameters<typeof DbError>[0] };
  if (reply.error) throw new DbError(reply.error);
  return reply.data as T;
}

/** The project's database, as the invoking caller (http) or the service (db and schedule triggers). */
export const db = {
  /** needs database_read */
  find<T = Doc>(collection: string, query: Query = {}): FindPage<T> {
    return call<FindPage<T>>({ op: 'find', collection, query });
  },
  /** needs database_read; null when absent or not visible to the caller */
  get<T = Doc>(collection: string, id: string): T | null {
    return call<T | null>({ op: 'get', collection, id });
  },
  /** needs database_write; an array inserts atomically */
  insert<T = Doc>(collection: string, doc: NewDoc): T {
    return call<T>({ op: 'insert', collection, doc });
  },
  insertMany<T = Doc>(collection: string, docs: NewDoc[]): T[] {
    return call<T[]>({ op: 'insert', collection, doc: docs });
  },
  /** needs database_write; merges `patch` into the document */
  update<T = Doc>(collection: string, id: string, patch: Record<string, unknown>): T {
    return call<T>({ op: 'update', collection, id, patch });
  },
  /** needs database_write */
  replace<T = Doc>(collection: string, id: string, doc: NewDoc): T {
    return call<T>({ op: 'replace', collection, id, doc });
  },
  /** needs database_write */
  upsert<T = Doc>(collection: string, id: string, doc: NewDoc, onConflict: 'replace' | 'merge' | 'error' = 'replace'): { doc: T; created: boolean } {
    return call<{ doc: T; created: boolean }>({ op: 'upsert', collection, id, doc, on_conflict: onConflict });
  },
  /** needs database_write */
  delete(collection: string, id: string): { _id: string } {
    return call<{ _id: string }>({ op: 'delete', collection, id });
  },
};

function text(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

/** Function logs (`aerodb functions logs NAME`); `log(...)` is info. console.* lands here too. */
export const log = Object.assign((...args: unknown[]): void => hostLog('info', text(args)), {
  debug: (...args: unknown[]): void => hostLog('debug', text(args)),
  info: (...args: unknown[]): void => hostLog('info', text(args)),
  warn: (...args: unknown[]): void => hostLog('warn', text(args)),
  error: (...args: unknown[]): void => hostLog('error', text(args)),
});

/** An environment variable listed in function.json `env`; undefined when unset or not listed. */
export function env(name: string): string | undefined {
  return envGet(name);
}

/** The invocation's start time in ms since the epoch: the same value for the whole invocation (Date.now() agrees). */
export function now(): number {
  return Number(hostNow());
}

/** A number in [0, 1) from the invocation's seeded generator (Math.random() agrees); replays repeat it. */
export function random(): number {
  return hostRandom();
}

/** Ends the invocation with a 400 AERO_FUNCTION_REJECTED carrying `message` (bad input, not a crash). */
export function reject(message: string, details?: Record<string, Json>): never {
  const error = new Error(message) as Error & { details?: Record<string, Json> };
  error.details = details;
  (error as unknown as Record<symbol, boolean>)[Symbol.for('aerodb.function.reject')] = true;
  throw error;
}
