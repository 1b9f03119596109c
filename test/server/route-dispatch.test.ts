// routeDispatch answers exactly like mounting every router's routes() in turn, then allowedMethods()
// and the 404/405 envelope: the same routers, two apps, the same requests, compared reply by reply.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Router } from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAeroError } from '../../src/engine/errors/aero-error.js';
import { refuseUnrouted } from '../../src/server/http/refuse-unrouted.js';
import { literalPrefix, routeDispatch } from '../../src/server/middleware/route-dispatch.js';
import type { ServerState } from '../../src/server/server-context.js';

type Ctx = Koa.ParameterizedContext<ServerState & { trace: string[] }> & { params: Record<string, string> };

function routers(): Array<Router<ServerState>> {
  const answer = (name: string) => (ctx: Ctx) => {
    ctx.body = { route: name, params: ctx.params, trace: ctx.state.trace };
  };
  const things = new Router<ServerState>({ prefix: '/api/things', sensitive: true });
  things.get('/:c', answer('things list'));
  things.post('/:c', answer('things insert'));
  things.post('/:c/query', answer('things query'));
  things.get('/:c/:id', answer('things get'));
  things.put('/:c/:id', answer('things put'));
  const health = new Router<ServerState>({ sensitive: true });
  health.get('/api/health', answer('health'));
  const admin = new Router<ServerState>({ prefix: '/admin', sensitive: true });
  admin.get('/stats', answer('admin stats'));
  admin.post('/explain', answer('admin explain'));
  const adminFunctions = new Router<ServerState>({ prefix: '/admin/functions', sensitive: true });
  adminFunctions.get('/', answer('functions list'));
  adminFunctions.post('/:name/invoke', answer('functions invoke'));
  adminFunctions.post('/invocations/:id/replay', answer('functions replay'));
  // use() middleware runs before the route it precedes, and only when a route of that router answers
  const traced = new Router<ServerState>({ prefix: '/api/traced', sensitive: true });
  traced.use(async (ctx, next) => {
    (ctx.state as { trace: string[] }).trace.push('use');
    await next();
  });
  traced.get('/:x', answer('traced get'));
  // a route that passes on: the next router's routes still get the request
  const passing = new Router<ServerState>({ prefix: '/api/shared', sensitive: true });
  passing.get('/:x', async (ctx, next) => {
    (ctx.state as { trace: string[] }).trace.push('passing');
    await next();
  });
  const shared = new Router<ServerState>({ prefix: '/api/shared', sensitive: true });
  shared.get('/:x', answer('shared get'));
  return [health, things, admin, adminFunctions, traced, passing, shared];
}

function app(mount: (app: Koa<ServerState>) => void): Koa<ServerState> {
  const koa = new Koa<ServerState>();
  koa.silent = true;
  koa.use(async (ctx, next) => {
    (ctx.state as unknown as { trace: string[] }).trace = [];
    try {
      await next();
    } catch (error) {
      ctx.status = isAeroError(error) ? error.status : 500;
      ctx.body = { error: isAeroError(error) ? error.toJSON() : String(error) };
    }
  });
  mount(koa);
  return koa;
}

// as createServer mounted them before: the 404/405 check upstream of the routers, run after them
const mountedInOrder = app((koa) => {
  const list = routers();
  koa.use(async (ctx, next) => {
    await next();
    refuseUnrouted(ctx);
  });
  for (const router of list) koa.use(router.routes() as Koa.Middleware<ServerState>);
  koa.use(list[0]!.allowedMethods() as Koa.Middleware<ServerState>);
});
const dispatched = app((koa) => {
  const list = routers();
  koa.use(routeDispatch(list, list[0]!.allowedMethods(), refuseUnrouted));
});

const servers: http.Server[] = [];
let expectedUrl = '';
let actualUrl = '';

async function listen(koa: Koa<ServerState>): Promise<string> {
  const server = http.createServer(koa.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  expectedUrl = await listen(mountedInOrder);
  actualUrl = await listen(dispatched);
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

async function reply(base: string, method: string, path: string): Promise<{ status: number; allow: string | null; body: string }> {
  const response = await fetch(base + path, { method });
  return { status: response.status, allow: response.headers.get('allow'), body: await response.text() };
}

const REQUESTS: Array<[string, string]> = [
  ['GET', '/api/things/posts/p1'],
  ['GET', '/api/things/a%20b/c%2Fd'],
  ['GET', '/api/things/bad%E0%A4%A/x'],
  ['GET', '/api/things/%'],
  ['HEAD', '/api/things/posts/p1'],
  ['GET', '/api/things/posts'],
  ['GET', '/api/things/posts/'],
  ['POST', '/api/things/posts'],
  ['POST', '/api/things/posts/query'],
  ['PUT', '/api/things/posts/p1'],
  ['DELETE', '/api/things/posts/p1'],
  ['PATCH', '/api/things/posts'],
  ['OPTIONS', '/api/things/posts/p1'],
  ['PROPFIND', '/api/things/posts/p1'],
  ['PROPFIND', '/nowhere'],
  ['GET', '/API/things/posts/p1'],
  ['GET', '/api/thingsX/posts'],
  ['GET', '/api/things'],
  ['GET', '/nowhere'],
  ['GET', '/'],
  ['GET', '/api/health'],
  ['GET', '/api/health/'],
  ['POST', '/api/health'],
  ['GET', '/admin/stats'],
  ['GET', '/admin/explain'],
  ['GET', '/admin/nope'],
  ['GET', '/admin/functions'],
  ['GET', '/admin/functions/'],
  ['POST', '/admin/functions/hello/invoke'],
  ['POST', '/admin/functions/invocations/inv_1/replay'],
  ['GET', '/admin/functions/hello/invoke'],
  ['GET', '/api/traced/x'],
  ['POST', '/api/traced/x'],
  ['GET', '/api/shared/x'],
];

describe('routeDispatch', () => {
  it.each(REQUESTS)('%s %s answers as the mounted routers do', async (method, path) => {
    const expected = await reply(expectedUrl, method, path);
    const actual = await reply(actualUrl, method, path);
    expect(actual).toEqual(expected);
  });

  it('runs use() middleware and passes on from a route that calls next()', async () => {
    expect(JSON.parse((await reply(actualUrl, 'GET', '/api/traced/x')).body)).toMatchObject({ route: 'traced get', trace: ['use'] });
    expect(JSON.parse((await reply(actualUrl, 'GET', '/api/shared/x')).body)).toMatchObject({ route: 'shared get', trace: ['passing'] });
  });

  it('decodes parameters (malformed escapes stay as sent)', async () => {
    expect(JSON.parse((await reply(actualUrl, 'GET', '/api/things/a%20b/c%2Fd')).body).params).toEqual({ c: 'a b', id: 'c/d' });
    expect(JSON.parse((await reply(actualUrl, 'GET', '/api/things/bad%E0%A4%A/x')).body).params).toEqual({ c: 'bad%E0%A4%A', id: 'x' });
  });

  it('gives each router the literal text its paths start with', () => {
    const [health, things, admin, adminFunctions] = routers();
    expect([health, things, admin, adminFunctions].map((router) => literalPrefix(router!))).toEqual(['/api/health', '/api/things', '/admin/', '/admin/functions']);
    expect(literalPrefix(new Router<ServerState>())).toBe('');
    const insensitive = new Router<ServerState>({ prefix: '/api' });
    insensitive.get('/x', () => undefined);
    expect(literalPrefix(insensitive)).toBe('');
  });
});
