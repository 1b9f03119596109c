// Failed authentication (no key, unknown key, bad token) becomes an operation-log entry
// (operation "auth", SPEC §8): it is refused before any engine call, so nothing else records it.
// An observer of errorEnvelope rather than a middleware of its own: a request that passes then
// pays nothing for it (a wrapping middleware cost every request a promise and a dispatch).
import type { OperationLogHandle } from '../../engine/oplog/operation-log.js';
import { isAeroError } from '../../engine/errors/aero-error.js';
import type { ErrorObserver } from './error-envelope.js';

const COLLECTION_PATH = /^\/api\/collections\/([^/]+)/;

export function authFailureLog(oplog: OperationLogHandle): ErrorObserver {
  return (ctx, error) => {
    if (!isAeroError(error) || !error.code.startsWith('AERO_AUTH_')) return;
    const collection = COLLECTION_PATH.exec(ctx.path)?.[1];
    oplog.append({
      operation: 'auth',
      collection: collection === undefined ? null : safeDecode(collection),
      ctx: { caller: { kind: 'anon' }, source: 'rest', request_id: ctx.state.requestId },
      error,
      detail: `${ctx.method} ${ctx.path}`,
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
