// CORS for browser apps served from this machine only (http(s)://localhost, 127.0.0.1, [::1], any
// port). Other origins get no CORS headers, so browsers keep them out.
import type { Middleware } from 'koa';
import type { ServerState } from '../server-context.js';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'apikey, authorization, content-type, x-request-id';
const EXPOSED_HEADERS = 'x-request-id, allow';

export function localCors(): Middleware<ServerState> {
  // not async: most requests carry no Origin and only pass through
  return (ctx, next) => {
    // the first to vary the response on anything (ctx.vary parses and merges the header otherwise)
    if (ctx.res.hasHeader('Vary')) ctx.vary('Origin');
    else ctx.res.setHeader('Vary', 'Origin');
    const origin = ctx.req.headers.origin;
    if (origin === undefined || !LOCAL_ORIGIN.test(origin)) return next();
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    const preflight = ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '';
    if (!preflight) return next();
    // Preflights carry no apikey, so they are answered here, before the key check.
    ctx.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
    ctx.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
    return Promise.resolve();
  };
}
