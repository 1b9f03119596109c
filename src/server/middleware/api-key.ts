// The `apikey` check. Data routes need a key; admin routes need the service key or the local admin
// token (`Authorization: Bearer <token>` from .aerodb/server.json). Until row-level security
// exists the anon key can read nothing, so it is refused rather than given service rights.
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import { secretEquals } from '../http/secret-equals.js';
import type { Caller, ServerState } from '../server-context.js';

export interface ServerKeys {
  anon: string;
  service: string;
}

type Scope = 'data' | 'admin' | 'open';

const DATA_PREFIXES = ['/api/collections', '/api/projections', '/api/functions'];
const ADMIN_PREFIXES = ['/admin'];

export function apiKey(keys: ServerKeys, adminToken: string): Middleware<ServerState> {
  return async (ctx, next) => {
    ctx.state.caller = authenticate(scopeOf(ctx.path), ctx.get('apikey'), ctx.get('authorization'), keys, adminToken);
    await next();
  };
}

function scopeOf(path: string): Scope {
  // routers are case-sensitive; lower-casing keeps this check safe should that ever change
  const lower = path.toLowerCase();
  const under = (prefix: string) => lower === prefix || lower.startsWith(`${prefix}/`);
  if (DATA_PREFIXES.some(under)) return 'data';
  if (ADMIN_PREFIXES.some(under)) return 'admin';
  return 'open';
}

function authenticate(scope: Scope, key: string, authorization: string, keys: ServerKeys, adminToken: string): Caller {
  if (scope === 'open') return { role: 'public' };
  if (key !== '' && secretEquals(key, keys.service)) return { role: 'service' };
  if (scope === 'admin') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer !== undefined && secretEquals(bearer, adminToken)) return { role: 'admin' };
    if (bearer !== undefined && key === '') {
      throw new AeroError('AERO_AUTH_INVALID_TOKEN', 'the Authorization bearer token is not this server\'s admin token', {
        details: { header: 'authorization' },
        hint: 'Use the admin token from .aerodb/server.json of the running server, or send the service key in the `apikey` header.',
      });
    }
  }
  if (key === '') {
    throw new AeroError('AERO_AUTH_REQUIRED', 'the request has no `apikey` header', {
      details: { header: 'apikey' },
      hint: scope === 'admin'
        ? 'Send the service key in the `apikey` header (see `aerodb keys`), or `Authorization: Bearer <admin token>` from .aerodb/server.json.'
        : 'Send the `apikey` header with a key from `aerodb keys`.',
    });
  }
  if (secretEquals(key, keys.anon)) {
    throw new AeroError('AERO_AUTH_REQUIRED', scope === 'admin'
      ? 'the anon key cannot use the admin API'
      : 'the anon key has no access yet: anonymous access arrives with row-level security', {
      details: { header: 'apikey', key: 'anon' },
      hint: scope === 'admin'
        ? 'Use the service key (see `aerodb keys`) or the admin token from .aerodb/server.json.'
        : 'Anon access arrives with row-level security (RLS); until then use the service key from `aerodb keys` (server-side only).',
    });
  }
  throw new AeroError('AERO_AUTH_REQUIRED', 'the `apikey` header holds an unknown key', {
    details: { header: 'apikey', key_prefix: `${key.slice(0, 10)}…` },
    hint: 'Copy a key from `aerodb keys`; keys belong to one project\'s .aerodb/keys.json.',
  });
}
