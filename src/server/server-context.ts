// The per-request state every middleware and route shares, and the dependencies routes read.
import type { ParameterizedContext } from 'koa';
import type { RouterContext } from '@koa/router';
import type { Caller, Database } from '../engine/database-types.js';
import type { AdminHooks } from './admin-hooks.js';
import type { DocumentJsonCache } from './http/document-json.js';
import type { Scope } from './middleware/api-key.js';

export interface ServerState {
  requestId: string;
  /** which kind of route this is (decides which credentials count) */
  scope: Scope;
  /** who the request acts as (api-key and bearer-token middleware): service, anon or a user; open routes are anon */
  caller: Caller;
  /** the query parameters the route accepts, each at most once (accept-params middleware) */
  params: ReadonlyMap<string, string>;
  /** the parsed JSON body, set by the json-body middleware of routes that take one */
  body?: unknown;
}

export type AppContext = ParameterizedContext<ServerState>;
export type RouteContext = RouterContext<ServerState>;

/** What the route files need from createServer's options (resolved defaults included). */
export interface RouteDeps {
  db: Database;
  version: string;
  /** server-side cap on `limit`; undefined leaves the check to the engine's max_limit */
  maxLimit: number | undefined;
  bodyLimitBytes: number;
  admin: AdminHooks;
  /** monotonic milliseconds at which the server started (for uptime) */
  startedAtMs: number;
  /** JSON texts of stored documents, for reads that return them unchanged */
  documentJson: DocumentJsonCache;
}
