// Turns every thrown error into the `{"error": {...}}` envelope; unknown errors become a 500
// AERO_INTERNAL naming the request id, with the stack going to the server log only.
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { ServerState } from '../server-context.js';

export function errorEnvelope(log: (line: string) => void): Middleware<ServerState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const aero = error instanceof AeroError ? error : internalError(error, ctx.state.requestId, log);
      ctx.status = aero.status;
      ctx.body = { error: aero.toJSON() };
    }
  };
}

function internalError(error: unknown, requestId: string, log: (line: string) => void): AeroError {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`internal error req=${requestId}: ${text}`);
  return new AeroError('AERO_INTERNAL', `unexpected internal error (request id ${requestId})`, {
    details: { request_id: requestId },
  });
}
