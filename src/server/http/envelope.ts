// The success envelope `{"data": ..., "_meta": {...}}` and the `_meta` of reads.
import type { FindResult, ReadCost } from '../../engine/database-types.js';
import type { AppContext } from '../server-context.js';
import type { RestQuery } from './rest-query.js';

/** What koa sets for an object body (`type = 'json'`); set here because the body is sent as text. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendData(ctx: AppContext, data: unknown, meta?: object, status = 200): void {
  ctx.status = status;
  // serialized here, once: koa's object-body path looks the type up and measures the text again
  // (and res.setHeader: ctx.set allocates arrays per call)
  ctx.res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  ctx.body = JSON.stringify(meta === undefined ? { data } : { data, _meta: meta });
}

/** sendData with `data` (and maybe `meta`) already serialised (DocumentJsonCache): the same bytes. */
export function sendDataText(ctx: AppContext, dataText: string, meta: object | string, status = 200): void {
  ctx.status = status;
  ctx.res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  ctx.body = '{"data":' + dataText + ',"_meta":' + (typeof meta === 'string' ? meta : JSON.stringify(meta)) + '}';
}

/**
 * `_meta` of a list: paging, the plan that ran and what the read cost (SPEC §12). The cost is the
 * engine's: 1 query + 1 per expand node that looked anything up; documents returned + expanded.
 * `expanded_hidden` appears only when the query expands. (Keys added in order to one literal: V8
 * keeps it a fast object; a spread would copy it into a new one.)
 */
export function listMeta(result: FindResult, rest: RestQuery): Record<string, unknown> {
  const meta: Record<string, unknown> = { limit: rest.query.limit };
  if (rest.limitDefaulted) meta['limit_defaulted'] = true;
  meta['next_cursor'] = result.next_cursor;
  if (result.count !== undefined) meta['count'] = result.count;
  meta['scan'] = result.explain.scan ?? null;
  meta['index'] = result.explain.index ?? null;
  meta['queries_executed'] = result.queries_executed;
  meta['documents_fetched'] = result.documents_fetched;
  if (rest.query.expand !== undefined) meta['expanded_hidden'] = result.expanded_hidden;
  meta['lsn'] = result.lsn;
  return meta;
}

/** JSON.stringify(readMeta(cost, lsn, false)), written out: it is part of every GET by id. */
export function readMetaJson(cost: ReadCost, lsn: number): string {
  return '{"queries_executed":' + cost.queries_executed + ',"documents_fetched":' + cost.documents_fetched + ',"lsn":' + lsn + '}';
}

/** `_meta` of a single-document read: its cost (as lists) and the LSN it saw. */
export function readMeta(cost: ReadCost, lsn: number, expanded: boolean): object {
  return expanded
    ? { queries_executed: cost.queries_executed, documents_fetched: cost.documents_fetched, expanded_hidden: cost.expanded_hidden, lsn }
    : { queries_executed: cost.queries_executed, documents_fetched: cost.documents_fetched, lsn };
}
