// Parses the JSON body of the route it is mounted on into ctx.state.body (size-limited).
import type { Middleware } from 'koa';
import { readJsonBody } from '../http/read-json-body.js';
import type { ServerState } from '../server-context.js';

export function jsonBody(limitBytes: number, options: { optional?: boolean } = {}): Middleware<ServerState> {
  const optional = options.optional ?? false;
  return async (ctx, next) => {
    ctx.state.body = await readJsonBody(ctx.req, { limitBytes, optional });
    await next();
  };
}
