// Reading a server-sent event stream from a running `aerodb serve` (GET /admin/oplog): one request,
// events handed on as they arrive, ended by the server's `end` event, by the connection closing,
// or by the caller's abort signal.
import http from 'node:http';

export interface EventStreamRequest {
  url: string;
  headers: Record<string, string>;
  /** every event but `end`, in order */
  onEvent: (event: string, data: string) => void;
  signal: AbortSignal;
  /** the error for a reply that is not 200 */
  replyError: (status: number, body: string) => Error;
  /** the error for a connection lost mid-stream */
  lost: (error: unknown) => Error;
}

/**
 * Resolves with why the stream ended: the `end` event's reason, "the server closed the stream" or
 * "aborted"; rejects on a refused request, a lost connection, or an event `onEvent` threw on.
 */
export function readEventStream(request: EventStreamRequest): Promise<string> {
  const { signal } = request;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve('aborted');
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const req = http.get(request.url, { headers: { ...request.headers, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => settle(() => reject(request.replyError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))));
        return;
      }
      res.setEncoding('utf8');
      const parser = new EventParser((event, data) => {
        if (event === 'end') settle(() => resolve((JSON.parse(data) as { reason?: string }).reason ?? 'ended'));
        else request.onEvent(event, data);
      });
      res.on('data', (chunk: string) => {
        try {
          parser.push(chunk);
        } catch (error) {
          req.destroy();
          settle(() => reject(error));
        }
      });
      res.on('end', () => settle(() => resolve('the server closed the stream')));
      res.on('error', (error) => settle(() => reject(request.lost(error))));
    });
    req.on('error', (error) => settle(() => (signal.aborted ? resolve('aborted') : reject(request.lost(error)))));
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
