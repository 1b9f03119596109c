// The success envelope `{"data": ..., "_meta": {...}}` and the `_meta` of reads.
import type { FindResult, ReadCost } from '../../engine/database-types.js';
import type { AppContext } from '../server-context.js';
import type { RestQuery } from './rest-query.js';

export function sendData(ctx: AppContext, data: unknown, meta?: Record<string, unknown>, status = 200): void {
  ctx.status = status;
  ctx.body = meta === undefined ? { data } : { data, _meta: meta };
}

/**
 * `_meta` of a list: paging, the plan that ran and what the read cost (SPEC §12). The cost is the
 * engine's: 1 query + 1 per expand node that looked anything up; documents returned + expanded.
 * `expanded_hidden` appears only when the query expands.
 */
export function listMeta(result: FindResult, rest: RestQuery): Record<string, unknown> {
  const meta: Record<string, unknown> = { limit: rest.query.limit };
  if (rest.limitDefaulted) meta['limit_defaulted'] = true;
  meta['next_cursor'] = result.next_cursor;
  if (result.count !== undefined) meta['count'] = result.count;
  meta['scan'] = result.explain.scan ?? null;
  meta['index'] = result.explain.index ?? null;
  addCost(meta, result, rest.query.expand !== undefined);
  meta['lsn'] = result.lsn;
  return meta;
}

/** `_meta` of a single-document read: its cost (as lists) and the LSN it saw. */
export function readMeta(cost: ReadCost, lsn: number, expanded: boolean): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  addCost(meta, cost, expanded);
  meta['lsn'] = lsn;
  return meta;
}

function addCost(meta: Record<string, unknown>, cost: ReadCost, expanded: boolean): void {
  meta['queries_executed'] = cost.queries_executed;
  meta['documents_fetched'] = cost.documents_fetched;
  if (expanded) meta['expanded_hidden'] = cost.expanded_hidden;
}
