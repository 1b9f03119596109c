// The host side of db-query: a JSON request from the guest (built by `aerodb/function`'s db.*),
// checked against the function's capabilities, run on the database as the invocation's caller
// (row-level security and operation-log attribution come with db.withContext), answered as JSON:
// {"data": ...} or {"error": {code, message, status, details, hint}}. It never throws.
import type { Database, FindResult } from '../../database-types.js';
import { AeroError } from '../../errors/aero-error.js';
import { isPlainObject } from '../../schema/json-type.js';
import type { NewDoc, Query } from '../../types.js';
import type { Capability } from '../function-manifest.js';

export type DbOp = 'find' | 'get' | 'insert' | 'update' | 'replace' | 'upsert' | 'delete';

const READS: ReadonlySet<string> = new Set(['find', 'get']);
const WRITES: ReadonlySet<string> = new Set(['insert', 'update', 'replace', 'upsert', 'delete']);

export interface DbBridgeContext {
  /** the database as the invocation's caller */
  db: Database;
  function: string;
  capabilities: ReadonlySet<Capability>;
}

export interface DbAnswer {
  response: string;
  /** true for insert/update/replace/upsert/delete (replay answers those from the record) */
  write: boolean;
}

/** Whether a request is a write, without running it (replay decides per request). */
export function isWriteRequest(request: string): boolean {
  try {
    const parsed: unknown = JSON.parse(request);
    return isPlainObject(parsed) && typeof parsed['op'] === 'string' && WRITES.has(parsed['op']);
  } catch {
    return false;
  }
}

export async function answerDbQuery(request: string, ctx: DbBridgeContext): Promise<DbAnswer> {
  let write = false;
  try {
    const parsed = parseRequest(request);
    write = WRITES.has(parsed.op);
    checkCapability(parsed.op, parsed.collection, ctx);
    const data = await run(parsed, ctx.db);
    return { response: JSON.stringify({ data }), write };
  } catch (error) {
    const aero = error instanceof AeroError ? error : new AeroError('AERO_INTERNAL', `db-query failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    return { response: JSON.stringify({ error: aero.toJSON() }), write };
  }
}

interface ParsedRequest {
  op: DbOp;
  collection: string;
  body: Record<string, unknown>;
}

function parseRequest(request: string): ParsedRequest {
  let body: unknown;
  try {
    body = JSON.parse(request);
  } catch {
    throw invalid('the db-query request is not valid JSON', null);
  }
  if (!isPlainObject(body)) throw invalid('the db-query request must be a JSON object', null);
  const op = body['op'];
  if (typeof op !== 'string' || (!READS.has(op) && !WRITES.has(op))) {
    throw invalid(`unknown db-query op ${JSON.stringify(op)}; expected one of find, get, insert, update, replace, upsert, delete`, 'op');
  }
  const collection = body['collection'];
  if (typeof collection !== 'string' || collection === '') throw invalid('"collection" must be a collection name', 'collection');
  return { op: op as DbOp, collection, body };
}

function checkCapability(op: DbOp, collection: string, ctx: DbBridgeContext): void {
  const needed: Capability = WRITES.has(op) ? 'database_write' : 'database_read';
  if (ctx.capabilities.has(needed)) return;
  throw new AeroError('AERO_FUNCTION_CAPABILITY_DENIED', `function "${ctx.function}" may not ${op} "${collection}": it lacks the capability ${needed}`, {
    details: { function: ctx.function, op, collection, capability: needed, granted: [...ctx.capabilities].sort() },
    hint: `Add "${needed}" to "capabilities" in functions/${ctx.function}/function.json and deploy again.`,
  });
}

async function run({ op, collection, body }: ParsedRequest, db: Database): Promise<unknown> {
  switch (op) {
    case 'find': {
      const query = body['query'] ?? {};
      if (!isPlainObject(query)) throw invalid('"query" must be a query object', 'query');
      return findPage(await db.find(collection, query as Query));
    }
    case 'get':
      return db.get(collection, stringField(body, 'id'));
    case 'insert': {
      const doc = body['doc'];
      if (Array.isArray(doc)) return (await db.insert(collection, doc as NewDoc[])).data;
      return (await db.insert(collection, objectField(body, 'doc') as NewDoc)).data;
    }
    case 'update':
      return (await db.update(collection, stringField(body, 'id'), objectField(body, 'patch'))).data;
    case 'replace':
      return (await db.replace(collection, stringField(body, 'id'), objectField(body, 'doc') as NewDoc)).data;
    case 'upsert': {
      const onConflict = body['on_conflict'] ?? 'replace';
      if (onConflict !== 'replace' && onConflict !== 'merge' && onConflict !== 'error') throw invalid('"on_conflict" must be replace, merge or error', 'on_conflict');
      const result = await db.upsert(collection, stringField(body, 'id'), objectField(body, 'doc') as NewDoc, { on_conflict: onConflict });
      return { doc: result.data, created: result.created };
    }
    case 'delete':
      return (await db.delete(collection, stringField(body, 'id'))).data;
  }
}

function findPage(result: FindResult): { data: unknown[]; next_cursor: string | null; count?: number } {
  return result.count === undefined ? { data: result.data, next_cursor: result.next_cursor } : { data: result.data, next_cursor: result.next_cursor, count: result.count };
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw invalid(`"${key}" must be a non-empty string`, key);
  return value;
}

function objectField(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (!isPlainObject(value)) throw invalid(`"${key}" must be a JSON object`, key);
  return value;
}

function invalid(message: string, field: string | null): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, { details: { field }, hint: 'Use the db.* helpers of `aerodb/function`; they build valid requests.' });
}
