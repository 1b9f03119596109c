// /admin/* — the local admin API (service key or admin token): stats, checkpoint, explain and the
// migrations (status, up, down, resolve, new) the CLI drives while a server owns the data directory.
import { Router } from '@koa/router';
import { AeroError } from '../../engine/errors/aero-error.js';
import { isPlainObject } from '../../engine/schema/json-type.js';
import type { Query } from '../../engine/types.js';
import type { MigrationHooks } from '../admin-hooks.js';
import { sendData } from '../http/envelope.js';
import { requestDb } from '../http/request-db.js';
import { acceptParams } from '../middleware/accept-params.js';
import { jsonBody } from '../middleware/json-body.js';
import type { RouteDeps, ServerState } from '../server-context.js';

export function adminRouter(deps: RouteDeps): Router<ServerState> {
  const { db } = deps;
  const body = jsonBody(deps.bodyLimitBytes);
  const optionalBody = jsonBody(deps.bodyLimitBytes, { optional: true });
  const router = new Router<ServerState>({ prefix: '/admin', sensitive: true });

  router.get('/stats', acceptParams(), (ctx) => {
    sendData(ctx, db.stats());
  });

  router.post('/checkpoint', acceptParams(), async (ctx) => {
    const result = await db.checkpoint();
    sendData(ctx, result, { lsn: result.lsn });
  });

  router.post('/explain', acceptParams(), body, async (ctx) => {
    const input = objectBody(ctx.state.body, ['collection', 'query', 'analyze'], 'POST /admin/explain');
    const collection = input['collection'];
    if (typeof collection !== 'string' || collection === '') throw bodyError('"collection" must be a collection name', 'collection');
    const query = input['query'] ?? {};
    if (!isPlainObject(query)) throw bodyError('"query" must be a query object', 'query');
    const analyze = input['analyze'] ?? false;
    if (typeof analyze !== 'boolean') throw bodyError('"analyze" must be true or false', 'analyze');
    // The query goes to the engine untouched (no REST limit default): same plan as offline `aerodb explain`.
    sendData(ctx, await requestDb(db, ctx).explain(collection, query as Query, { analyze }), { lsn: db.lsn });
  });

  router.get('/migrations', acceptParams(), async (ctx) => {
    sendData(ctx, await migrations(deps).status());
  });

  router.post('/migrations/up', acceptParams(), optionalBody, async (ctx) => {
    const input = ctx.state.body === undefined ? {} : objectBody(ctx.state.body, ['version'], 'POST /admin/migrations/up');
    const version = input['version'];
    if (version !== undefined && typeof version !== 'string') throw bodyError('"version" must be a version string like "002"', 'version');
    sendData(ctx, await migrations(deps).up(version));
  });

  router.post('/migrations/down', acceptParams(), body, async (ctx) => {
    const input = objectBody(ctx.state.body, ['version'], 'POST /admin/migrations/down');
    const version = input['version'];
    if (typeof version !== 'string') throw bodyError('"version" is required: the version to go down to, like "001"', 'version');
    sendData(ctx, await migrations(deps).down(version));
  });

  router.post('/migrations/resolve', acceptParams(), body, async (ctx) => {
    const input = objectBody(ctx.state.body, ['version', 'reason'], 'POST /admin/migrations/resolve');
    const { version, reason } = input;
    if (typeof version !== 'string') throw bodyError('"version" is required: the applied migration to resolve, like "002"', 'version');
    if (typeof reason !== 'string') throw bodyError('"reason" is required: why the edited file is accepted', 'reason');
    sendData(ctx, await migrations(deps).resolve(version, reason));
  });

  router.post('/migrations/new', acceptParams(), body, async (ctx) => {
    const input = objectBody(ctx.state.body, ['name', 'from_schemas'], 'POST /admin/migrations/new');
    const name = input['name'];
    const fromSchemas = input['from_schemas'] ?? false;
    if (typeof name !== 'string') throw bodyError('"name" is required: what the migration does, like "add_email_verified"', 'name');
    if (typeof fromSchemas !== 'boolean') throw bodyError('"from_schemas" must be true or false', 'from_schemas');
    sendData(ctx, await migrations(deps).newMigration(name, fromSchemas));
  });

  return router;
}

function migrations(deps: RouteDeps): MigrationHooks {
  const hooks = deps.admin.migrations;
  if (hooks) return hooks;
  throw new AeroError('AERO_INTERNAL_NOT_IMPLEMENTED', 'this server was started without migration support', {
    hint: 'Start the server with `aerodb serve` in a project (it plugs in the migrations directory), or stop it and run `aerodb migrate` offline.',
  });
}

function objectBody(body: unknown, keys: readonly string[], route: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw bodyError(`the body of ${route} must be a JSON object`, null);
  for (const key of Object.keys(body)) {
    if (!keys.includes(key)) throw bodyError(`unknown key "${key}" in the body of ${route}; expected: ${keys.join(', ')}`, key);
  }
  return body;
}

function bodyError(message: string, field: string | null): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, { details: { field }, hint: 'docs/rest-api.md shows the body of each admin route.' });
}
