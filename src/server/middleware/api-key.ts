// The `apikey` check (SPEC §9). Data routes need a key: the service key acts as the service caller
// (no row-level security), the anon key as the anonymous caller (subject to every collection's
// policies; a bearer token then makes it a user, see bearer-token.ts). Admin routes need the service
// key or the local admin token (`Authorization: Bearer <token>` from .aerodb/server.json).
import type { Middleware } from 'koa';
import type { Caller } from '../../engine/database-types.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import { Secret } from '../http/secret-equals.js';
import type { ServerState } from '../server-context.js';

export interface ServerKeys {
  anon: string;
  service: string;
}

export type Scope = 'data' | 'admin' | 'open';

const DATA_PREFIXES = ['/api/collections', '/api/projections', '/api/functions'];
const ADMIN_PREFIXES = ['/admin'];

const SERVICE: Caller = Object.freeze({ kind: 'service' });
const ANON: Caller = Object.freeze({ kind: 'anon' });

interface Secrets {
  service: Secret;
  anon: Secret;
  adminToken: Secret;
}

export function apiKey(keys: ServerKeys, adminToken: string): Middleware<ServerState> {
  const secrets: Secrets = { service: new Secret(keys.service), anon: new Secret(keys.anon), adminToken: new Secret(adminToken) };
  // not async: nothing to do after next(); a refusal thrown here becomes the chain's rejection
  return (ctx, next) => {
    const scope = scopeOf(ctx.path);
    ctx.state.scope = scope;
    // node lower-cases header names: read them directly (ctx.get lower-cases the name per call)
    const headers = ctx.req.headers;
    ctx.state.caller = scope === 'open' ? ANON : authenticate(scope, headerText(headers['apikey']), headerText(headers.authorization), secrets);
    return next();
  };
}

export function scopeOf(path: string): Scope {
  // routers are case-sensitive; lower-casing keeps this check safe should that ever change
  const lower = path.toLowerCase();
  if (isUnderAny(lower, DATA_PREFIXES)) return 'data';
  if (isUnderAny(lower, ADMIN_PREFIXES)) return 'admin';
  return 'open';
}

function isUnderAny(path: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) {
    if (path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 0x2f /* / */)) return true;
  }
  return false;
}

function authenticate(scope: Scope, key: string, authorization: string, secrets: Secrets): Caller {
  if (key !== '' && secrets.service.matches(key)) return SERVICE;
  if (scope === 'admin') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer !== undefined && secrets.adminToken.matches(bearer)) return SERVICE;
    if (bearer !== undefined && key === '') {
      throw new AeroError('AERO_AUTH_INVALID_TOKEN', 'the Authorization bearer token is not this server\'s admin token', {
        details: { header: 'authorization', reason: 'not_admin_token' },
        hint: 'Use the admin token from .aerodb/server.json of the running server, or send the service key in the `apikey` header.',
      });
    }
  }
  if (key === '') {
    throw new AeroError('AERO_AUTH_REQUIRED', 'the request has no `apikey` header', {
      details: { header: 'apikey' },
      hint: scope === 'admin'
        ? 'Send the service key in the `apikey` header (see `aerodb keys`), or `Authorization: Bearer <admin token>` from .aerodb/server.json.'
        : 'Send the `apikey` header with a key from `aerodb keys` (the anon key in browsers, plus `Authorization: Bearer <jwt>` for a signed-in user).',
    });
  }
  if (secrets.anon.matches(key)) {
    if (scope === 'data') return ANON;
    throw new AeroError('AERO_AUTH_REQUIRED', 'the anon key cannot use the admin API', {
      details: { header: 'apikey', key: 'anon' },
      hint: 'Use the service key (see `aerodb keys`) or the admin token from .aerodb/server.json.',
    });
  }
  throw new AeroError('AERO_AUTH_REQUIRED', 'the `apikey` header holds an unknown key', {
    details: { header: 'apikey', key_prefix: `${key.slice(0, 10)}…` },
    hint: 'Copy a key from `aerodb keys`; keys belong to one project\'s .aerodb/keys.json.',
  });
}

/** A header as ctx.get gives it: '' when absent (a repeated header arrives as an array). */
function headerText(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : value === undefined ? '' : value.join(', ');
}
