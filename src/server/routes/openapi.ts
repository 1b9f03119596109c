// GET /api/openapi.json — the OpenAPI 3.1 document of this server, built from the applied schemas.
import { Router } from '@koa/router';
import { acceptParams } from '../middleware/accept-params.js';
import { buildOpenApi } from '../openapi/build-openapi.js';
import type { RouteDeps, ServerState } from '../server-context.js';

export function openapiRouter(deps: RouteDeps): Router<ServerState> {
  const router = new Router<ServerState>({ sensitive: true });
  router.get('/api/openapi.json', acceptParams(), (ctx) => {
    // Served bare (no envelope): tools expect the document itself.
    ctx.body = buildOpenApi(deps.db.schemas(), deps.version);
  });
  return router;
}
