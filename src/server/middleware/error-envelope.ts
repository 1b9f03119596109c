// Turns every thrown error into the `{"error": {...}}` envelope; unknown errors become a 500
// AERO_INTERNAL naming the request id, with the stack going to the server log only. Observers see
// each error first (the operation log records auth failures this way).
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { AppContext, ServerState } from '../server-context.js';

/** Sees every error a request ends with, before it becomes the envelope (must not throw). */
export type ErrorObserver = (ctx: AppContext, error: unknown) => void;

export function errorEnvelope(log: (line: string) => void, observers: readonly ErrorObserver[] = []): Middleware<ServerState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      for (const observe of observers) observe(ctx, error);
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
