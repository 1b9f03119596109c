// GET /api/health — liveness for `aerodb serve` readiness checks and the CLI (no key needed).
import { performance } from 'node:perf_hooks';
import { Router } from '@koa/router';
import { sendData } from '../http/envelope.js';
import { acceptParams } from '../middleware/accept-params.js';
import type { RouteDeps, ServerState } from '../server-context.js';

export function healthRouter(deps: RouteDeps): Router<ServerState> {
  const router = new Router<ServerState>({ sensitive: true });
  router.get('/api/health', acceptParams(), (ctx) => {
    const uptimeS = Math.floor((performance.now() - deps.startedAtMs) / 1000);
    sendData(ctx, { status: 'ok', version: deps.version, lsn: deps.db.lsn, uptime_s: uptimeS });
  });
  return router;
}
