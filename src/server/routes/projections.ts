// /api/projections/:name — a named projection (SPEC §6, §12): the list route's strict parameters,
// run through the engine's findProjection (the projection filter AND the caller's, only its fields).
import { Router } from '@koa/router';
import { listMeta, sendData } from '../http/envelope.js';
import { booleanParam, PROJECTION_PARAMS, queryFromBody, queryFromParams } from '../http/rest-query.js';
import { requestDb } from '../http/request-db.js';
import { acceptParams } from '../middleware/accept-params.js';
import { jsonBody } from '../middleware/json-body.js';
import type { RouteDeps, ServerState } from '../server-context.js';

export function projectionsRouter(deps: RouteDeps): Router<ServerState> {
  const { db, maxLimit } = deps;
  const optionalBody = jsonBody(deps.bodyLimitBytes, { optional: true });
  const router = new Router<ServerState>({ prefix: '/api/projections', sensitive: true });

  router.get('/:name', acceptParams(...PROJECTION_PARAMS), async (ctx) => {
    const rest = queryFromParams(ctx.state.params, maxLimit);
    const result = await requestDb(db, ctx).findProjection(ctx.params['name']!, rest.query);
    sendData(ctx, result.data, listMeta(result, rest));
  });

  router.post('/:name/explain', acceptParams('analyze'), optionalBody, async (ctx) => {
    const analyze = booleanParam(ctx.state.params, 'analyze') ?? false;
    const rest = queryFromBody(ctx.state.body, maxLimit);
    const explain = await requestDb(db, ctx).explainProjection(ctx.params['name']!, rest.query, { analyze });
    sendData(ctx, explain, rest.limitDefaulted ? { lsn: db.lsn, limit_defaulted: true } : { lsn: db.lsn });
  });

  return router;
}
