// Envelopes for requests no route answered: 405 (path known, method not) with `Allow`, else 404.
// Runs after the router's allowedMethods() (route-dispatch.ts), which leaves status 405/501 and
// `Allow`; a request a route answered never gets here.
import { AeroError } from '../../engine/errors/aero-error.js';
import type { AppContext } from '../server-context.js';

export function refuseUnrouted(ctx: AppContext): void {
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
}
