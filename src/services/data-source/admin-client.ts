// A small client of a running server's admin API (node:http: no client-side timeout, since a
// migration that backfills many documents may legitimately take minutes).
import http from 'node:http';
import { AeroError, type AeroErrorJSON } from '../../engine/errors/aero-error.js';
import { ERROR_REGISTRY } from '../../engine/errors/registry.js';

export interface AdminEndpoint {
  url: string;
  pid: number;
  adminToken: string;
}

export interface RawReply {
  status: number;
  body: string;
}

/** Calls an admin route; returns `data` of the success envelope, throws the error envelope as an AeroError. */
export async function adminCall<T>(endpoint: AdminEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let reply: RawReply;
  try {
    reply = await send(`${endpoint.url}${path}`, method, { authorization: `Bearer ${endpoint.adminToken}` }, body);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AeroError('AERO_INTERNAL', `lost the connection to aerodb serve (pid ${endpoint.pid}, ${endpoint.url}) during ${method} ${path}: ${code}`, {
      details: { url: endpoint.url, pid: endpoint.pid, route: `${method} ${path}`, code },
      hint: 'Check the output of `aerodb serve`; `aerodb migrate status` shows what was applied. Run the command again once the server is up (or stopped).',
      cause: err,
    });
  }
  const parsed = parseEnvelope(reply.body);
  if (reply.status < 300 && parsed !== null && 'data' in parsed) return parsed.data as T;
  throw envelopeError(parsed?.error, reply, `${method} ${path}`, endpoint);
}

type Envelope = { data?: unknown; error?: Partial<AeroErrorJSON> };

export function parseEnvelope(text: string): Envelope | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Envelope) : null;
  } catch {
    return null;
  }
}

/** True when GET /api/health answers 200 within `timeoutMs`. */
export async function healthAnswers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const reply = await send(`${url}/api/health`, 'GET', {}, undefined, timeoutMs);
    return reply.status === 200;
  } catch {
    return false;
  }
}

export function envelopeError(error: Partial<AeroErrorJSON> | undefined, reply: RawReply, route: string, endpoint: AdminEndpoint): AeroError {
  if (error && typeof error.code === 'string' && error.code in ERROR_REGISTRY && typeof error.message === 'string') {
    // the server's error, unchanged: the CLI prints it exactly as it would have offline
    const options: { details?: Record<string, unknown>; hint?: string } = {};
    if (error.details) options.details = error.details;
    if (typeof error.hint === 'string') options.hint = error.hint;
    return new AeroError(error.code, error.message, options);
  }
  return new AeroError('AERO_INTERNAL', `aerodb serve (pid ${endpoint.pid}, ${endpoint.url}) answered ${route} with HTTP ${reply.status} and no error envelope`, {
    details: { url: endpoint.url, route, status: reply.status, body: reply.body.slice(0, 200) },
    hint: 'Is another program listening on that port? Check .aerodb/server.json and the output of `aerodb serve`.',
  });
}

function send(url: string, method: string, headers: Record<string, string>, body: unknown, timeoutMs?: number): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const requestHeaders: Record<string, string | number> = { ...headers, accept: 'application/json' };
    if (payload !== undefined) {
      requestHeaders['content-type'] = 'application/json';
      requestHeaders['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request(url, { method, headers: requestHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}
