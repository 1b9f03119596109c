// HTTP access to a running `aerodb serve` for `aerodb dashboard`: admin routes (admin token, or the
// service key when only --url is known), data routes (service key) and the oplog event stream.
import http from 'node:http';
import { AeroError } from '../../engine/errors/aero-error.js';
import { envelopeError, parseEnvelope, type RawReply } from '../data-source/admin-client.js';
import { readEventStream } from '../data-source/event-stream.js';

export interface ServerAccess {
  url: string;
  /** from server.json; null when attached by --url alone */
  pid: number | null;
  adminToken: string | null;
  serviceKey: string | null;
}

/** A request that did not get an answer within this time counts as a lost connection. */
const REQUEST_TIMEOUT_MS = 5000;

export class ServerClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(readonly access: ServerAccess) {}

  /** An /admin route: the `data` of its envelope, or its error as an AeroError. */
  admin<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs: number | null = REQUEST_TIMEOUT_MS): Promise<T> {
    return this.#call<T>(method, path, this.#adminHeaders(), body, timeoutMs).then((r) => r.data);
  }

  /** A data route (/api/collections/...): needs the service key. */
  data<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ data: T; meta: Record<string, unknown> }> {
    const key = this.access.serviceKey;
    if (key === null) {
      return Promise.reject(
        new AeroError('AERO_AUTH_REQUIRED', 'browsing documents needs the service key, and none is known here', {
          details: { url: this.access.url },
          hint: 'Run aerodb dashboard inside the project (it reads .aerodb/keys.json), or pass --service-key (or AERODB_SERVICE_KEY).',
        }),
      );
    }
    return this.#call<T>(method, path, { apikey: key }, body, REQUEST_TIMEOUT_MS);
  }

  /** Streams server-sent events of `path` until the server ends it or `signal` aborts; resolves with why it ended. */
  stream(path: string, onEvent: (event: string, data: string) => void, signal: AbortSignal): Promise<string> {
    return readEventStream({
      url: `${this.access.url}${path}`,
      headers: this.#adminHeaders(),
      onEvent,
      signal,
      replyError: (status, body) => this.#replyError({ status, body }, `GET ${path}`),
      lost: (error) => this.#lost(`GET ${path}`, error),
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  #adminHeaders(): Record<string, string> {
    if (this.access.adminToken !== null) return { authorization: `Bearer ${this.access.adminToken}` };
    if (this.access.serviceKey !== null) return { apikey: this.access.serviceKey };
    return {};
  }

  #call<T>(method: string, path: string, headers: Record<string, string>, body: unknown, timeoutMs: number | null): Promise<{ data: T; meta: Record<string, unknown> }> {
    const route = `${method} ${path}`;
    return new Promise<RawReply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const all: Record<string, string | number> = { ...headers, accept: 'application/json' };
      if (payload !== undefined) {
        all['content-type'] = 'application/json';
        all['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request(`${this.access.url}${path}`, { method, headers: all, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (timeoutMs !== null) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.end(payload);
    }).then(
      (reply) => {
        const parsed = parseEnvelope(reply.body) as { data?: unknown; _meta?: unknown; error?: Parameters<typeof envelopeError>[0] } | null;
        if (reply.status < 300 && parsed !== null && 'data' in parsed) {
          const meta = typeof parsed._meta === 'object' && parsed._meta !== null ? (parsed._meta as Record<string, unknown>) : {};
          return { data: parsed.data as T, meta };
        }
        throw this.#replyError(reply, route);
      },
      (error: unknown) => {
        throw this.#lost(route, error);
      },
    );
  }

  #replyError(reply: RawReply, route: string): AeroError {
    const parsed = parseEnvelope(reply.body) as { error?: Parameters<typeof envelopeError>[0] } | null;
    return envelopeError(parsed?.error, reply, route, { url: this.access.url, pid: this.access.pid ?? 0, adminToken: '' });
  }

  #lost(route: string, error: unknown): AeroError {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return new AeroError('AERO_INTERNAL', `lost the connection to aerodb serve at ${this.access.url} during ${route}: ${code}`, {
      details: { url: this.access.url, pid: this.access.pid, route, code },
      hint: 'Is aerodb serve still running? The dashboard reconnects by itself once it answers again.',
      cause: error,
    });
  }
}
