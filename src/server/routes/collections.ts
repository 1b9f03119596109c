// /api/collections/:c — CRUD, atomic bulk insert, upsert, query and explain (SPEC §12), with expand,
// text search and the on_delete outcome of deletes passed through from the engine (SPEC §6).
import { Router } from '@koa/router';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { NewDoc } from '../../engine/types.js';
import { listMeta, readMeta, readMetaJson, sendData, sendDataText } from '../http/envelope.js';
import { booleanParam, expandFromParams, LIST_PARAMS, queryFromBody, queryFromParams } from '../http/rest-query.js';
import { requestDb } from '../http/request-db.js';
import { acceptParams } from '../middleware/accept-params.js';
import { jsonBody } from '../middleware/json-body.js';
import type { RouteDeps, ServerState } from '../server-context.js';

type OnConflict = 'replace' | 'merge' | 'error';
const ON_CONFLICT: readonly OnConflict[] = ['replace', 'merge', 'error'];

export function collectionsRouter(deps: RouteDeps): Router<ServerState> {
  const { db, maxLimit, documentJson } = deps;
  const body = jsonBody(deps.bodyLimitBytes);
  const optionalBody = jsonBody(deps.bodyLimitBytes, { optional: true });
  const router = new Router<ServerState>({ prefix: '/api/collections', sensitive: true });

  router.get('/:c', acceptParams(...LIST_PARAMS), async (ctx) => {
    const rest = queryFromParams(ctx.state.params, maxLimit);
    const result = await requestDb(db, ctx).find(ctx.params['c']!, rest.query);
    const q = rest.query;
    // rows that are the stored documents unchanged (no fields, expand or _score added)
    if (q.fields === undefined && q.expand === undefined && q.text_search === undefined) sendDataText(ctx, documentJson.arrayText(result.data), listMeta(result, rest));
    else sendData(ctx, result.data, listMeta(result, rest));
  });

  router.post('/:c', acceptParams(), body, async (ctx) => {
    const input = ctx.state.body;
    if (Array.isArray(input)) {
      const result = await requestDb(db, ctx).insert(ctx.params['c']!, input as NewDoc[]);
      sendData(ctx, result.data, { lsn: result.lsn, inserted: result.data.length }, 201);
    } else {
      const result = await requestDb(db, ctx).insert(ctx.params['c']!, input as NewDoc);
      sendData(ctx, result.data, { lsn: result.lsn }, 201);
    }
  });

  router.post('/:c/query', acceptParams(), optionalBody, async (ctx) => {
    const rest = queryFromBody(ctx.state.body, maxLimit);
    const result = await requestDb(db, ctx).find(ctx.params['c']!, rest.query);
    sendData(ctx, result.data, listMeta(result, rest));
  });

  router.post('/:c/explain', acceptParams('analyze'), optionalBody, async (ctx) => {
    const analyze = booleanParam(ctx.state.params, 'analyze') ?? false;
    const rest = queryFromBody(ctx.state.body, maxLimit);
    const explain = await requestDb(db, ctx).explain(ctx.params['c']!, rest.query, { analyze });
    sendData(ctx, explain, rest.limitDefaulted ? { lsn: db.lsn, limit_defaulted: true } : { lsn: db.lsn });
  });

  router.get('/:c/:id', acceptParams('expand'), async (ctx) => {
    const expand = expandFromParams(ctx.state.params);
    const { c, id } = ctx.params as { c: string; id: string };
    const result = await requestDb(db, ctx).getWithMeta(c, id, expand === undefined ? {} : { expand });
    if (result.data === null) {
      throw new AeroError('AERO_NOT_FOUND', `no document "${id}" in "${c}"`, {
        details: { collection: c, _id: id },
        hint: 'Check the _id; list the collection with GET /api/collections/' + c + '.',
      });
    }
    // without expand the document is the stored one, unchanged
    if (expand === undefined) sendDataText(ctx, documentJson.text(result.data), readMetaJson(result, result.lsn));
    else sendData(ctx, result.data, readMeta(result, result.lsn, true));
  });

  router.put('/:c/:id', acceptParams('on_conflict'), body, async (ctx) => {
    const onConflict = onConflictParam(ctx.state.params);
    const { c, id } = ctx.params as { c: string; id: string };
    const result = await requestDb(db, ctx).upsert(c, id, ctx.state.body as NewDoc, { on_conflict: onConflict });
    sendData(ctx, result.data, { lsn: result.lsn, created: result.created, on_conflict: onConflict }, result.created ? 201 : 200);
  });

  router.patch('/:c/:id', acceptParams(), body, async (ctx) => {
    const { c, id } = ctx.params as { c: string; id: string };
    const result = await requestDb(db, ctx).update(c, id, ctx.state.body as Record<string, unknown>);
    sendData(ctx, result.data, { lsn: result.lsn });
  });

  router.delete('/:c/:id', acceptParams(), async (ctx) => {
    const { c, id } = ctx.params as { c: string; id: string };
    const result = await requestDb(db, ctx).delete(c, id);
    // what on_delete did besides this delete, by collection ({} when nothing referenced it)
    sendData(ctx, result.data, { lsn: result.lsn, cascaded: result.cascaded ?? {}, set_null: result.set_null ?? {} });
  });

  return router;
}

function onConflictParam(params: ReadonlyMap<string, string>): OnConflict {
  const value = params.get('on_conflict');
  if (value === undefined) return 'replace';
  if ((ON_CONFLICT as readonly string[]).includes(value)) return value as OnConflict;
  throw new AeroError('AERO_QUERY_INVALID', `query parameter "on_conflict" must be replace, merge or error, got "${value}"`, {
    details: { param: 'on_conflict', allowed: [...ON_CONFLICT] },
    hint: 'Use on_conflict=replace (the default), merge or error.',
  });
}
