// GET /admin/oplog — the operation log as a server-sent event stream (SPEC §8/§12): the newest
// `limit` entries matching the filter, then (with follow=true) every new matching entry as it is
// recorded (at most the flush interval behind), until the client disconnects or the server closes.
//
//   event: entry   id: <sequence number>   data: <the entry's JSON line>
//   event: ready   data: {"follow":true}       after the backlog, when following
//   event: end     data: {"reason":"..."}      the stream is over (not following, or shutdown)
import { PassThrough } from 'node:stream';
import { Router } from '@koa/router';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { OperationLogHandle } from '../../engine/oplog/operation-log.js';
import type { OplogLine } from '../../engine/oplog/oplog-window.js';
import { metaMatchesTailFilter, parseTailFilter, parseTailLimit, type TailFilter } from '../../engine/oplog/tail-filter.js';
import { acceptParams } from '../middleware/accept-params.js';
import type { RouteDeps, ServerState } from '../server-context.js';

const HEARTBEAT_MS = 15_000;
/** a client this far behind is cut off rather than buffered without bound */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function oplogRouter(deps: RouteDeps & { closing?: AbortSignal }): Router<ServerState> {
  const router = new Router<ServerState>({ prefix: '/admin', sensitive: true });

  router.get('/oplog', acceptParams('follow', 'slow', 'collection', 'operation', 'since', 'limit'), (ctx) => {
    const log = deps.db.oplog;
    if (log === null) {
      throw new AeroError('AERO_NOT_FOUND', 'the operation log is disabled on this server', {
        details: { key: 'observability.oplog.enabled' },
        hint: 'Set enabled = true in [observability.oplog] of aerodb.toml and restart aerodb serve.',
      });
    }
    const params = ctx.state.params;
    const follow = flag(params, 'follow');
    const filter = parseTailFilter(
      { slow: flag(params, 'slow'), collection: params.get('collection'), operation: params.get('operation'), since: params.get('since') },
      Date.now(),
      'AERO_QUERY_INVALID',
      (key) => `query parameter "${key}"`,
    );
    const limit = parseTailLimit(params.get('limit'), 'AERO_QUERY_INVALID', 'query parameter "limit"');

    const stream = new PassThrough();
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.status = 200;
    ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
    ctx.set('Cache-Control', 'no-cache, no-transform');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.body = stream;
    streamEntries(stream, log, filter, limit, follow, deps.closing);
  });

  return router;
}

function streamEntries(stream: PassThrough, log: OperationLogHandle, filter: TailFilter, limit: number, follow: boolean, closing: AbortSignal | undefined): void {
  let lastSent = 0;
  let done = false;
  let unsubscribe: () => unknown = () => undefined;
  const send = (entry: OplogLine) => {
    lastSent = entry.seq;
    stream.write(`event: entry\nid: ${entry.seq}\ndata: ${entry.line}\n\n`);
  };
  const finish = (reason: string) => {
    if (done) return;
    done = true;
    unsubscribe();
    clearInterval(heartbeat);
    closing?.removeEventListener('abort', onClosing);
    if (stream.writable) stream.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
  };
  const onClosing = () => finish('server closing');
  const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  stream.on('close', () => finish('client disconnected'));
  stream.on('error', () => finish('stream error'));
  // recent() first builds every pending entry; subscribing in the same tick then misses nothing
  for (const entry of log.recent(limit, (meta) => metaMatchesTailFilter(meta, filter))) send(entry);
  if (!follow) {
    finish('backlog sent');
    return;
  }
  unsubscribe = log.subscribe((entries) => {
    for (const entry of entries) if (entry.seq > lastSent && metaMatchesTailFilter(entry, filter)) send(entry);
    if (stream.writableLength > MAX_BUFFERED_BYTES) finish('client too slow: more than 8 MiB of entries unread');
  });
  stream.write(`event: ready\ndata: ${JSON.stringify({ follow: true })}\n\n`);
  if (closing?.aborted) finish('server closing');
  else closing?.addEventListener('abort', onClosing);
}

function flag(params: ReadonlyMap<string, string>, name: string): boolean {
  const value = params.get(name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true' || value === '') return true;
  throw new AeroError('AERO_QUERY_INVALID', `query parameter "${name}" must be true or false, got "${value}"`, { details: { param: name }, hint: `Use ${name}=true.` });
}
