// /admin/functions — what `aerodb deploy-function` and `aerodb functions ...` send to a running server:
//   GET  /admin/functions                          list (functions/ and deployed versions)
//   POST /admin/functions/deploy {names?, all?}    build + deploy, swapped in atomically
//   GET  /admin/functions/:name/logs?after&limit   function log entries, oldest first
//   POST /admin/functions/:name/invoke {input}     invoke any deployed function as the service
//   POST /admin/functions/invocations/:id/replay   run a recorded invocation again and compare
import { Router } from '@koa/router';
import { AeroError } from '../../engine/errors/aero-error.js';
import { isPlainObject } from '../../engine/schema/json-type.js';
import { sendData } from '../http/envelope.js';
import { acceptParams } from '../middleware/accept-params.js';
import { jsonBody } from '../middleware/json-body.js';
import type { RouteDeps, ServerState } from '../server-context.js';
import { functionHooks } from './functions.js';

export function adminFunctionsRouter(deps: RouteDeps): Router<ServerState> {
  const router = new Router<ServerState>({ prefix: '/admin/functions', sensitive: true });
  const body = jsonBody(deps.bodyLimitBytes);
  const optionalBody = jsonBody(deps.bodyLimitBytes, { optional: true });

  router.get('/', acceptParams(), async (ctx) => {
    sendData(ctx, await functionHooks(deps).list());
  });

  router.post('/deploy', acceptParams(), body, async (ctx) => {
    const input = ctx.state.body;
    if (!isPlainObject(input) || Object.keys(input).some((k) => k !== 'names' && k !== 'all')) throw bodyError('the body must be {"names": ["hello"]} or {"all": true}', null);
    const { names, all } = input;
    if (all === true && names === undefined) {
      sendData(ctx, await functionHooks(deps).deploy('all'));
      return;
    }
    if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string') || all !== undefined) throw bodyError('"names" must be a non-empty list of function names (or send {"all": true})', 'names');
    sendData(ctx, await functionHooks(deps).deploy(names as string[]));
  });

  router.get('/:name/logs', acceptParams('after', 'limit'), async (ctx) => {
    const after = intParam(ctx.state.params.get('after'), 'after', 0);
    const limit = intParam(ctx.state.params.get('limit'), 'limit', 1);
    const options: { after?: number; limit?: number } = {};
    if (after !== undefined) options.after = after;
    if (limit !== undefined) options.limit = limit;
    sendData(ctx, await functionHooks(deps).logs(ctx.params['name']!, options));
  });

  router.post('/:name/invoke', acceptParams(), optionalBody, async (ctx) => {
    const input = ctx.state.body;
    if (input !== undefined && (!isPlainObject(input) || Object.keys(input).some((k) => k !== 'input'))) throw bodyError('the body must be {"input": <any JSON>}', null);
    const result = await functionHooks(deps).invoke(ctx.params['name']!, input?.['input'] ?? null);
    sendData(ctx, result);
  });

  router.post('/invocations/:id/replay', acceptParams(), async (ctx) => {
    sendData(ctx, await functionHooks(deps).replay(ctx.params['id']!));
  });

  return router;
}

function intParam(value: string | undefined, name: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < minimum) {
    throw new AeroError('AERO_QUERY_INVALID', `query parameter "${name}" must be an integer >= ${minimum}, got ${JSON.stringify(value)}`, { details: { param: name } });
  }
  return parsed;
}

function bodyError(message: string, field: string | null): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, { details: { field }, hint: 'docs/functions.md shows the body of each /admin/functions route.' });
}
