// POST /api/functions/:name — invokes a deployed function that has an http trigger, as the request's
// caller (anon key, user token or service key: the function's db calls run under that identity).
// The body is the input (any JSON; empty = null). 200 {"data": <what handle returned>, "_meta":
// {function, version, invocation_id, duration_ms}}. Failures are error envelopes:
//   400 AERO_FUNCTION_REJECTED (the function called reject()), 400 AERO_QUERY_MALFORMED_JSON,
//   401 no/unknown key, 404 AERO_FUNCTION_NOT_FOUND (not deployed, or no http trigger),
//   413 AERO_LIMIT_BODY_TOO_LARGE, 500 AERO_FUNCTION_ERROR (handle threw) / AERO_FUNCTION_TRAP,
//   503 AERO_FUNCTION_BUSY (queue full), 504 AERO_FUNCTION_TIMEOUT, 507 AERO_FUNCTION_MEMORY.
import { Router } from '@koa/router';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { FunctionHooks } from '../function-hooks.js';
import { sendData } from '../http/envelope.js';
import { acceptParams } from '../middleware/accept-params.js';
import { jsonBody } from '../middleware/json-body.js';
import type { RouteDeps, ServerState } from '../server-context.js';

export function functionsRouter(deps: RouteDeps): Router<ServerState> {
  const router = new Router<ServerState>({ prefix: '/api/functions', sensitive: true });
  const body = jsonBody(deps.bodyLimitBytes, { optional: true });

  router.post('/:name', acceptParams(), body, async (ctx) => {
    const result = await functionHooks(deps).invokeHttp(ctx.params['name']!, ctx.state.body ?? null, ctx.state.caller);
    sendData(ctx, result.value, { function: result.function, version: result.version, invocation_id: result.invocation_id, duration_ms: result.duration_ms });
  });

  return router;
}

export function functionHooks(deps: RouteDeps): FunctionHooks {
  const hooks = deps.admin.functions;
  if (hooks) return hooks;
  throw new AeroError('AERO_INTERNAL_NOT_IMPLEMENTED', 'this server was started without functions', {
    hint: 'Start the server with `aerodb serve` in a project: it runs the functions deployed there.',
  });
}
