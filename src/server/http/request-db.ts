// The database as the request's caller sees it: every route calls the engine through this, so row-level
// security and operation-log attribution (caller, source "rest", request id) come from one context.
import type { Database } from '../../engine/database-types.js';
import type { AppContext } from '../server-context.js';

export function requestDb(db: Database, ctx: AppContext): Database {
  return db.withContext({ caller: ctx.state.caller, source: 'rest', request_id: ctx.state.requestId });
}
