// Strict query parameters: a route lists what it accepts; anything else, or a key given twice,
// is a 400 naming the parameter (never silently ignored).
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { ServerState } from '../server-context.js';

export function acceptParams(...allowed: string[]): Middleware<ServerState> {
  const accepted = new Set(allowed);
  // shared by this route's requests without a query string (routes only read params)
  const none: ReadonlyMap<string, string> = new Map();
  return (ctx, next) => {
    const querystring = ctx.querystring;
    ctx.state.params = querystring === '' ? none : parseStrict(querystring, accepted, allowed, ctx.path);
    return next();
  };
}

function parseStrict(querystring: string, accepted: ReadonlySet<string>, allowed: readonly string[], path: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(querystring)) {
    if (!accepted.has(name)) {
      throw new AeroError('AERO_QUERY_UNKNOWN_PARAM', `unknown query parameter "${name}" on ${path}`, {
        details: { param: name, allowed: [...allowed] },
        hint: allowed.length === 0
          ? 'This route takes no query parameters; remove it.'
          : `Remove it; this route accepts: ${allowed.join(', ')} (docs/rest-api.md).`,
      });
    }
    if (params.has(name)) {
      throw new AeroError('AERO_QUERY_INVALID', `query parameter "${name}" is given more than once`, {
        details: { param: name },
        hint: 'Give each query parameter at most once (use a comma list for sort and fields).',
      });
    }
    params.set(name, value);
  }
  return params;
}
