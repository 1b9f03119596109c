// Client of GET /admin/oplog (server-sent events) for `aerodb oplog tail` while a server runs.
import http from 'node:http';
import { AeroError } from '../../engine/errors/aero-error.js';
import type { OplogEntry } from '../../engine/oplog/oplog-entry.js';
import { envelopeError, parseEnvelope, type AdminEndpoint } from '../data-source/admin-client.js';

export interface StreamQuery {
  follow: boolean;
  slow: boolean;
  collection?: string;
  operation?: string;
  since?: string;
  limit: number;
}

/**
 * Streams the server's entries to `onEntry` until the server ends the stream (backlog sent, or it
 * shuts down: resolves with the reason) or `signal` aborts (resolves with "aborted").
 */
export function streamOplog(endpoint: AdminEndpoint, query: StreamQuery, onEntry: (entry: OplogEntry) => void, signal: AbortSignal): Promise<string> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.follow) params.set('follow', 'true');
  if (query.slow) params.set('slow', 'true');
  if (query.collection !== undefined) params.set('collection', query.collection);
  if (query.operation !== undefined) params.set('operation', query.operation);
  if (query.since !== undefined) params.set('since', query.since);
  const url = `${endpoint.url}/admin/oplog?${params.toString()}`;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve('aborted');
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const req = http.get(url, { headers: { authorization: `Bearer ${endpoint.adminToken}`, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => settle(() => reject(replyError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), endpoint))));
        return;
      }
      res.setEncoding('utf8');
      const parser = new EventParser((event, data) => {
        if (event === 'entry') onEntry(JSON.parse(data) as OplogEntry);
        else if (event === 'end') settle(() => resolve((JSON.parse(data) as { reason?: string }).reason ?? 'ended'));
      });
      res.on('data', (chunk: string) => {
        try {
          parser.push(chunk);
        } catch (error) {
          req.destroy();
          settle(() => reject(error));
        }
      });
      res.on('end', () => settle(() => resolve('server closed the stream')));
      res.on('error', (error) => settle(() => reject(lost(endpoint, error))));
    });
    req.on('error', (error) => settle(() => (signal.aborted ? resolve('aborted') : reject(lost(endpoint, error)))));
    const onAbort = () => {
      req.destroy();
      settle(() => resolve('aborted'));
    };
    signal.addEventListener('abort', onAbort);
  });
}

/** Splits an SSE byte stream into (event, data) pairs; comments (heartbeats) are skipped. */
export class EventParser {
  #buffer = '';
  readonly #onEvent: (event: string, data: string) => void;

  constructor(onEvent: (event: string, data: string) => void) {
    this.#onEvent = onEvent;
  }

  push(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) this.#onEvent(event, data.join('\n'));
    }
  }
}

function replyError(status: number, body: string, endpoint: AdminEndpoint): AeroError {
  return envelopeError(parseEnvelope(body)?.error, { status, body }, 'GET /admin/oplog', endpoint);
}

function lost(endpoint: AdminEndpoint, error: unknown): AeroError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new AeroError('AERO_INTERNAL', `lost the connection to aerodb serve (pid ${endpoint.pid}, ${endpoint.url}) while streaming the operation log: ${code}`, {
    details: { url: endpoint.url, pid: endpoint.pid, code },
    hint: 'Check the output of `aerodb serve`; run the command again once the server is up (or stopped: then the files are read directly).',
    cause: error,
  });
}
