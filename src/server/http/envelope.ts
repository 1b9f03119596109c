// The success envelope `{"data": ..., "_meta": {...}}` and the `_meta` of list responses.
import type { FindResult } from '../../engine/database-types.js';
import type { AppContext } from '../server-context.js';
import type { RestQuery } from './rest-query.js';

export function sendData(ctx: AppContext, data: unknown, meta?: Record<string, unknown>, status = 200): void {
  ctx.status = status;
  ctx.body = meta === undefined ? { data } : { data, _meta: meta };
}

/** `_meta` of a list: paging, the plan that ran and how much it read (SPEC §12). */
export function listMeta(result: FindResult, rest: RestQuery): Record<string, unknown> {
  const meta: Record<string, unknown> = { limit: rest.query.limit };
  if (rest.limitDefaulted) meta['limit_defaulted'] = true;
  meta['next_cursor'] = result.next_cursor;
  if (result.count !== undefined) meta['count'] = result.count;
  meta['scan'] = result.explain.scan ?? null;
  meta['index'] = result.explain.index ?? null;
  meta['queries_executed'] = 1;
  meta['documents_fetched'] = result.documents_scanned;
  meta['lsn'] = result.lsn;
  return meta;
}
