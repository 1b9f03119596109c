// Every response carries `x-request-id`: the caller's own when it is sane, else a fresh UUID.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { ServerState } from '../server-context.js';

export const REQUEST_ID_HEADER = 'x-request-id';

// Printable, log-safe and short: anything else could forge or flood log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestId(): Middleware<ServerState> {
  // not async: nothing to do after next(), so no promise of its own per request
  return (ctx, next) => {
    const incoming = ctx.req.headers[REQUEST_ID_HEADER];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    // res.setHeader: nothing is sent yet, and ctx.set allocates arrays per call
    ctx.res.setHeader(REQUEST_ID_HEADER, id);
    return next();
  };
}
