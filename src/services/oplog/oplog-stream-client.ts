// Client of GET /admin/oplog (server-sent events) for `aerodb oplog tail` while a server runs.
import { AeroError } from '../../engine/errors/aero-error.js';
import type { OplogEntry } from '../../engine/oplog/oplog-entry.js';
import { envelopeError, parseEnvelope, type AdminEndpoint } from '../data-source/admin-client.js';
import { readEventStream } from '../data-source/event-stream.js';

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
  return readEventStream({
    url: `${endpoint.url}/admin/oplog?${params.toString()}`,
    headers: { authorization: `Bearer ${endpoint.adminToken}` },
    onEvent: (event, data) => {
      if (event === 'entry') onEntry(JSON.parse(data) as OplogEntry);
    },
    signal,
    replyError: (status, body) => replyError(status, body, endpoint),
    lost: (error) => lost(endpoint, error),
  });
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
