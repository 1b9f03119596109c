// `Authorization: Bearer <jwt>` on data routes (SPEC §9): with the anon key a valid token makes the
// request a signed-in user {sub, role}; with the service key it is still verified (a bad token is
// never silently ignored) but the caller stays the service. A missing header changes nothing; an
// invalid token is 401 AERO_AUTH_INVALID_TOKEN with the reason. Admin routes use the header for the
// admin token instead (api-key.ts), and open routes ignore it.
import type { Middleware } from 'koa';
import { AeroError } from '../../engine/errors/aero-error.js';
import { jwtKey, verifyToken } from '../auth/jwt.js';
import type { AppContext, ServerState } from '../server-context.js';

/** `secret` undefined: the server has no JWT secret, so every token is refused (keys still work). */
export function bearerToken(secret: string | undefined): Middleware<ServerState> {
  const key = secret === undefined ? undefined : jwtKey(secret);
  // not async: only a request that carries a token waits for its verification
  return (ctx, next) => {
    const header = ctx.get('authorization');
    if (ctx.state.scope !== 'data' || header === '') return next();
    return verifyHeader(ctx, header, key).then(() => next());
  };
}

/** Makes an anon caller the token's user; a bad token (or none the server can verify) is refused. */
async function verifyHeader(ctx: AppContext, header: string, key: Uint8Array | undefined): Promise<void> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (token === undefined) {
    throw new AeroError('AERO_AUTH_INVALID_TOKEN', 'the Authorization header is not "Bearer <jwt>"', {
      details: { header: 'authorization', reason: 'malformed' },
      hint: 'Send `Authorization: Bearer <jwt>` (one token, no other scheme), or leave the header out.',
    });
  }
  if (key === undefined) {
    throw new AeroError('AERO_AUTH_INVALID_TOKEN', 'the bearer token is refused: this server has no JWT secret configured', {
      details: { header: 'authorization', reason: 'no_secret' },
      hint: 'Start the server with the project\'s jwt_secret (`aerodb serve` reads .aerodb/keys.json), or leave the header out.',
    });
  }
  const identity = await verifyToken(token, key);
  if (ctx.state.caller.kind === 'anon') {
    ctx.state.caller = identity.role === null ? { kind: 'user', sub: identity.sub } : { kind: 'user', sub: identity.sub, role: identity.role };
  }
}
