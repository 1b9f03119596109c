// Envelopes for requests no route answered: 405 (path known, method not) with `Allow`, else 404.
// Sits upstream of the routers; the router's allowedMethods() leaves status 405/501 and `Allow`.
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { ServerState } from '../server-context.js';

export function routeFallback(): Middleware<ServerState> {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined && ctx.body !== null) return;
    const allow = ctx.response.get('Allow');
    if ((ctx.status === 405 || ctx.status === 501) && allow !== '') {
      throw new AeroError('AERO_QUERY_METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}; allowed: ${allow}`, {
        details: { method: ctx.method, path: ctx.path, allow: allow.split(', ') },
        hint: `Use one of the methods in the Allow header (${allow}).`,
      });
    }
    if (ctx.status === 404) {
      throw new AeroError('AERO_NOT_FOUND', `no route ${ctx.method} ${ctx.path}`, {
        details: { method: ctx.method, path: ctx.path },
        hint: 'Check the path; docs/rest-api.md lists every route (GET /api/openapi.json describes them too).',
      });
    }
  };
}
