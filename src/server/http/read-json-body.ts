// Reads a request body as strict JSON: counts bytes as they arrive and stops buffering past the
// limit (413), decodes UTF-8 fatally, and reports syntax errors with their position (400).
import type { IncomingMessage } from 'node:http';
import { AeroError } from '../../engine/errors/aero-error.js';
import { jsonSyntaxError } from './json-syntax-error.js';

export interface ReadJsonBodyOptions {
  limitBytes: number;
  /** when true an empty body yields undefined instead of a 400 */
  optional: boolean;
}

export async function readJsonBody(req: IncomingMessage, options: ReadJsonBodyOptions): Promise<unknown> {
  const bytes = await readLimited(req, options.limitBytes);
  if (bytes.length === 0) {
    if (options.optional) return undefined;
    throw new AeroError('AERO_QUERY_MALFORMED_JSON', 'the request body is empty; this route needs a JSON body', {
      details: { source: 'request body', position: 0 },
      hint: 'Send a JSON body with `Content-Type: application/json`.',
    });
  }
  const text = decodeUtf8(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw jsonSyntaxError(text, 'request body', error);
  }
}

function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // discard the upload so the response can still be read on this connection
    return Promise.reject(tooLarge(limit, declared));
  }
  // Events, not `for await`: leaving an async iterator early destroys the socket mid-upload.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      req.resume();
      reject(tooLarge(limit, null));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new AeroError('AERO_QUERY_MALFORMED_JSON', `the request body was cut off after ${total} bytes (${error.message})`, {
        details: { source: 'request body', received_bytes: total },
        hint: 'The client closed the connection mid-upload; send the whole body.',
      }));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limit: number, declared: number | null): AeroError {
  const size = declared === null ? `more than ${limit} bytes` : `${declared} bytes`;
  return new AeroError('AERO_LIMIT_BODY_TOO_LARGE', `the request body is ${size}; the limit is ${limit} bytes`, {
    details: { limit_bytes: limit, ...(declared === null ? {} : { content_length: declared }) },
  });
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AeroError('AERO_QUERY_MALFORMED_JSON', 'the request body is not valid UTF-8', {
      details: { source: 'request body' },
      hint: 'Send JSON encoded as UTF-8.',
    });
  }
}
