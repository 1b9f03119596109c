// One line per request (method, path, status, duration, request id) to the configured sink.
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { ServerState } from '../server-context.js';

export function accessLog(log: (line: string) => void): Middleware<ServerState> {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const ms = (performance.now() - start).toFixed(1);
      log(`${ctx.method} ${ctx.originalUrl} ${ctx.status} ${ms}ms req=${ctx.state.requestId}`);
    }
  };
}
