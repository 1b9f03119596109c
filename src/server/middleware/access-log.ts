// One line per request (method, path, status, duration, request id) to the configured sink. Lines
// are complete when the request's middleware is done and written, in order, right after: one batch
// per event-loop turn (setImmediate), so the sink's write never delays a response.
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { ServerState } from '../server-context.js';

export function accessLog(log: (line: string) => void): Middleware<ServerState> {
  let pending: string[] = [];
  const flush = () => {
    const lines = pending;
    pending = [];
    for (const line of lines) log(line);
  };
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      if (pending.length === 0) setImmediate(flush);
      pending.push(`${ctx.method} ${ctx.originalUrl} ${ctx.status} ${(performance.now() - start).toFixed(1)}ms req=${ctx.state.requestId}`);
    }
  };
}
