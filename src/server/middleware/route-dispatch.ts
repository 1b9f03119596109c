// Runs the routes of several @koa/router routers the way mounting each router's routes() in turn,
// then allowedMethods() and the 404/405 envelope, would; from tables built once: per router, its
// layers by HTTP method and the literal text every path it can match starts with. Per request only
// the routers whose prefix the path starts with look at it, and only at their layers for the
// request's method. The generic dispatch (host check, every layer's regexp run twice, matched-route
// bookkeeping, parameters decoded even without escapes, the layer chain composed per request) cost
// about 3 µs of a ~20 µs GET by id.
//
// Same outcome as router.routes(): the layers matching path and method run in registration order,
// each with ctx.params from its own captures (decoded as layer.params does); a router none of whose
// routes match passes to the next; when no router answers, ctx.matched lists every layer whose path
// matched (in router order) and allowedMethods turns that into 405/501 with `Allow`.
import type { Middleware, Next } from 'koa';
import type { Layer, Router, RouterMiddleware } from '@koa/router';
import type { AppContext, ServerState } from '../server-context.js';

type Step = (ctx: AppContext, next: Next) => unknown;

interface Route {
  layer: Layer<ServerState>;
  /** a route (has methods) rather than router.use() middleware: only routes make a router answer */
  isRoute: boolean;
  /** the layer's middleware, composed once */
  run: Step;
}

interface RouterTable {
  prefix: string;
  /** every layer in registration order (for ctx.matched) */
  layers: ReadonlyArray<Layer<ServerState>>;
  /** upper-case method -> the routes accepting it plus use() middleware, in registration order */
  byMethod: ReadonlyMap<string, readonly Route[]>;
}

/** A layer that matched, with the regexp's match (captures from index 1). */
interface Hit {
  route: Route;
  match: RegExpExecArray;
}

type RoutedContext = AppContext & { params?: Record<string, string>; matched?: Array<Layer<ServerState>>; request: { params?: Record<string, string> } };

/**
 * `unanswered` runs after allowedMethods when no route answered (it may throw the 404/405 error):
 * only such requests pay for that check.
 */
export function routeDispatch(
  routers: ReadonlyArray<Router<ServerState>>,
  allowedMethods: RouterMiddleware<ServerState>,
  unanswered: (ctx: AppContext) => void,
): Middleware<ServerState> {
  const dispatcher = new RouteDispatcher(routers.map(tableOf), allowedMethods as unknown as (ctx: AppContext, next: Next) => Promise<unknown>, unanswered);
  return (ctx, next) => dispatcher.dispatch(ctx, next, 0);
}

class RouteDispatcher {
  private readonly tables: readonly RouterTable[];
  private readonly allowed: (ctx: AppContext, next: Next) => Promise<unknown>;
  private readonly unanswered: (ctx: AppContext) => void;

  constructor(tables: readonly RouterTable[], allowed: (ctx: AppContext, next: Next) => Promise<unknown>, unanswered: (ctx: AppContext) => void) {
    this.tables = tables;
    this.allowed = allowed;
    this.unanswered = unanswered;
  }

  /** Offers the request to the routers from index `start` on. */
  dispatch(ctx: AppContext, next: Next, start: number): unknown {
    const path = ctx.path;
    const method = ctx.method.toUpperCase();
    for (let i = start; i < this.tables.length; i++) {
      const table = this.tables[i]!;
      if (!path.startsWith(table.prefix)) continue;
      const routes = table.byMethod.get(method);
      if (routes === undefined) continue;
      // most requests match one layer: an array only for more
      let first: Hit | null = null;
      let more: Hit[] | null = null;
      let answers = false;
      for (const route of routes) {
        // one regexp run for both the match and the captures (layer.match + layer.captures run it twice)
        const match = route.layer.regexp.exec(path);
        if (match === null) continue;
        if (first === null) first = { route, match };
        else (more ??= []).push({ route, match });
        if (route.isRoute) answers = true;
      }
      if (answers) {
        // a route that calls next() hands the request to the following routers
        const rest: Next = () => this.dispatch(ctx, next, i + 1) as Promise<void>;
        return more === null ? run(first!, path, ctx, rest) : runAll([first!, ...more], 0, path, ctx, rest);
      }
    }
    return this.unrouted(ctx, next, path);
  }

  /** No route answered: allowedMethods reads which paths matched (any method), then the envelope. */
  private unrouted(ctx: AppContext, next: Next, path: string): Promise<unknown> {
    const matched = ((ctx as RoutedContext).matched ??= []);
    for (const table of this.tables) {
      if (!path.startsWith(table.prefix)) continue;
      for (const layer of table.layers) if (layer.match(path)) matched.push(layer);
    }
    return this.allowed(ctx, next).then(() => this.unanswered(ctx));
  }
}

function runAll(hits: readonly Hit[], index: number, path: string, ctx: AppContext, next: Next): unknown {
  const after: Next = index + 1 < hits.length ? () => runAll(hits, index + 1, path, ctx, next) as Promise<void> : next;
  return run(hits[index]!, path, ctx, after);
}

function run(hit: Hit, path: string, ctx: AppContext, next: Next): unknown {
  const routed = ctx as RoutedContext;
  routed.request.params = paramsOf(hit.route.layer, hit.match, routed.params);
  routed.params = routed.request.params;
  return hit.route.run(ctx, next);
}

/**
 * layer.params() over the match's captures, except that a capture without `%` is used as it is:
 * decodeURIComponent would return it unchanged, and calling it costs ~0.2 µs per parameter.
 */
function paramsOf(layer: Layer<ServerState>, match: RegExpExecArray, existing: Record<string, string> | undefined): Record<string, string> {
  const values: Record<string, string> = existing === undefined ? {} : { ...existing };
  if (layer.opts.ignoreCaptures === true) return values;
  for (let i = 1; i < match.length; i++) {
    const definition = layer.paramNames[i - 1];
    const value = match[i];
    if (definition === undefined || value === undefined || value.length === 0) continue;
    if (layer.opts.ignoreWildcardParameter === definition.name && definition.type === 'wildcard') continue;
    values[definition.name] = value.includes('%') ? safeDecodeURIComponent(value) : value;
  }
  return values;
}

/** As @koa/router: a malformed escape leaves the capture as it is. */
function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function tableOf(router: Router<ServerState>): RouterTable {
  if (router.opts.host !== undefined || router.opts.routerPath !== undefined || router.opts.exclusive === true) {
    throw new Error('routeDispatch mirrors routers without the host, routerPath and exclusive options');
  }
  const layers = router.stack;
  const byMethod = new Map<string, Route[]>();
  const use: Route[] = [];
  for (const layer of layers) {
    const route: Route = { layer, isRoute: layer.methods.length > 0, run: sequence(layer.stack as unknown as Step[]) };
    for (const method of route.isRoute ? layer.methods : []) {
      let list = byMethod.get(method);
      // a method first seen now still runs the use() layers registered before it
      if (list === undefined) byMethod.set(method, (list = [...use]));
      list.push(route);
    }
    if (!route.isRoute) {
      use.push(route);
      for (const list of byMethod.values()) list.push(route);
    }
  }
  return { prefix: literalPrefix(router), layers, byMethod };
}

/** The text every path a router can match starts with ('' when unknown: the router always looks). */
export function literalPrefix(router: Router<ServerState>): string {
  if (router.opts.sensitive !== true || router.stack.length === 0) return '';
  let common: string | null = null;
  for (const layer of router.stack) {
    if (typeof layer.path !== 'string') return '';
    // up to the first character with a meaning in a path pattern; a trailing slash is optional (non-strict routers)
    const literal = /^[^:*?+()[\]{}\\]*/.exec(layer.path)![0].replace(/\/$/, '');
    common = common === null ? literal : commonStart(common, literal);
  }
  return common ?? '';
}

function commonStart(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** koa-compose for a fixed list, built once. */
function sequence(steps: readonly Step[]): Step {
  if (steps.length === 0) return (_ctx, next) => next();
  const [first, ...rest] = steps;
  if (rest.length === 0) return first!;
  const tail = sequence(rest);
  return (ctx, next) => first!(ctx, () => tail(ctx, next) as Promise<void>);
}
