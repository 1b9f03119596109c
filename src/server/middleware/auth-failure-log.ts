// Failed authentication (no key, unknown key, bad token) becomes an operation-log entry
// (operation "auth", SPEC §8): it is refused before any engine call, so nothing else records it.
import type { Middleware } from 'koa';
import type { OperationLogHandle } from '../../engine/oplog/operation-log.js';
import { isAeroError } from '../../engine/errors/aero-error.js';
import type { ServerState } from '../server-context.js';

const COLLECTION_PATH = /^\/api\/collections\/([^/]+)/;

export function authFailureLog(oplog: OperationLogHandle): Middleware<ServerState> {
  // not async: a request that passes pays for one .catch, not an async frame and its await
  return (ctx, next) => {
    const started = oplog.now();
    return next().catch((error: unknown) => {
      if (isAeroError(error) && error.code.startsWith('AERO_AUTH_')) {
        const collection = COLLECTION_PATH.exec(ctx.path)?.[1];
        oplog.append({
          operation: 'auth',
          collection: collection === undefined ? null : safeDecode(collection),
          ctx: { caller: { kind: 'anon' }, source: 'rest', request_id: ctx.state.requestId },
          startedMs: started,
          error,
          detail: `${ctx.method} ${ctx.path}`,
        });
      }
      throw error;
    });
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
