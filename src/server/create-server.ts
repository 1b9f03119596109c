// createServer: the local dev server (koa 3 + @koa/router) over one open Database.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import Koa from 'koa';
import { Router } from '@koa/router';
import type { Database } from '../engine/database-types.js';
import { AeroError } from '../engine/errors/aero-error.js';
import type { AdminHooks } from './admin-hooks.js';
import { DocumentJsonCache } from './http/document-json.js';
import { Drainer } from './http/drainer.js';
import { refuseUnrouted } from './http/refuse-unrouted.js';
import { accessLog } from './middleware/access-log.js';
import { apiKey } from './middleware/api-key.js';
import { authFailureLog } from './middleware/auth-failure-log.js';
import { bearerToken } from './middleware/bearer-token.js';
import { localCors } from './middleware/cors.js';
import { errorEnvelope } from './middleware/error-envelope.js';
import { requestId } from './middleware/request-id.js';
import { routeDispatch } from './middleware/route-dispatch.js';
import { adminRouter } from './routes/admin.js';
import { collectionsRouter } from './routes/collections.js';
import { healthRouter } from './routes/health.js';
import { openapiRouter } from './routes/openapi.js';
import { oplogRouter } from './routes/oplog.js';
import { functionsRouter } from './routes/functions.js';
import { adminFunctionsRouter } from './routes/admin-functions.js';
import { projectionsRouter } from './routes/projections.js';
import type { RouteDeps, ServerState } from './server-context.js';

export interface CreateServerOptions {
  db: Database;
  keys: { anon: string; service: string };
  /** the HS256 secret bearer tokens are verified with (keys.json jwt_secret); absent: every token is refused */
  jwtSecret?: string;
  /** the local admin token (written to .aerodb/server.json by `aerodb serve`) */
  adminToken: string;
  /** default 127.0.0.1 */
  host?: string;
  /** default 7420; 0 picks a free port */
  port?: number;
  /** reject a REST `limit` above this before the engine sees it (the engine enforces its own too) */
  maxLimit?: number;
  /** default 1 MiB */
  bodyLimitBytes?: number;
  /** the package version, reported by /api/health and in the OpenAPI info.version */
  version: string;
  /** access log and internal-error lines; default: discarded */
  log?: (line: string) => void;
  admin?: AdminHooks;
  /** how long close() waits for in-flight requests before cutting connections (default 10 s) */
  drainTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  /** stops accepting, lets in-flight requests finish, then resolves; the caller closes the db */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 7420;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export async function createServer(options: CreateServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const deps: RouteDeps = {
    db: options.db,
    version: options.version,
    maxLimit: options.maxLimit,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    admin: options.admin ?? {},
    startedAtMs: performance.now(),
    documentJson: new DocumentJsonCache(),
  };
  // aborted first thing in close(): long-lived responses (the /admin/oplog stream) end themselves
  const closing = new AbortController();
  const app = buildApp(deps, options, log, closing.signal);
  const handle = app.callback();
  const drainer = new Drainer();
  const server = http.createServer((req, res) => {
    drainer.track(res);
    void handle(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket));
  const host = options.host ?? DEFAULT_HOST;
  const port = await listen(server, host, options.port ?? DEFAULT_PORT);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    server,
    close: () => {
      closing.abort();
      return drainer.close(server, options.drainTimeoutMs ?? 10_000);
    },
  };
}

function buildApp(deps: RouteDeps, options: CreateServerOptions, log: (line: string) => void, closing: AbortSignal): Koa<ServerState> {
  const app = new Koa<ServerState>();
  app.silent = true;
  app.on('error', (error: unknown) => log(`koa error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  app.use(requestId());
  // without a sink there is nothing to format
  if (options.log !== undefined) app.use(accessLog(log));
  app.use(errorEnvelope(log, options.db.oplog === null ? [] : [authFailureLog(options.db.oplog)]));
  app.use(localCors());
  app.use(apiKey(options.keys, options.adminToken));
  app.use(bearerToken(options.jwtSecret));
  const routers: Array<Router<ServerState>> = [healthRouter(deps), openapiRouter(deps), collectionsRouter(deps), projectionsRouter(deps), adminRouter(deps), oplogRouter({ ...deps, closing }), functionsRouter(deps), adminFunctionsRouter(deps)];
  // Any router's allowedMethods sees every matched route (ctx.matched is shared): one is enough.
  app.use(routeDispatch(routers, routers[0]!.allowedMethods(), refuseUnrouted));
  return app;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): AeroError {
  if (error.code === 'EADDRINUSE') {
    return new AeroError('AERO_CONFIG_PORT_IN_USE', `port ${port} on ${host} is already in use`, {
      details: { host, port },
      hint: `Stop the other process on port ${port}, or start on another port with --port (or [server] port in aerodb.toml).`,
      cause: error,
    });
  }
  return new AeroError('AERO_CONFIG_INVALID', `cannot listen on ${host}:${port}: ${error.code ?? error.message}`, {
    details: { host, port, code: error.code ?? null },
    hint: 'Check [server] host and port in aerodb.toml (or --host/--port): the host must be an address of this machine.',
    cause: error,
  });
}

/** Malformed HTTP (bad request line, oversized headers): answer with an envelope, never throw. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const aero = new AeroError('AERO_QUERY_INVALID', `malformed HTTP request (${error.code ?? error.message})`, {
    details: { code: error.code ?? null },
    hint: 'Send a well-formed HTTP/1.1 request.',
  });
  const body = JSON.stringify({ error: aero.toJSON() });
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
