// Bearer tokens (SPEC §9): HS256 JWTs signed with the project's jwt_secret, verified with jose.
// Required claims: iss "aerodb", exp (in the future), iat (not in the future); optional: sub (the
// user id owner policies compare with) and role. Every refusal is 401 AERO_AUTH_INVALID_TOKEN with
// the reason in the message and `details.reason`.
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { AeroError } from '../../engine/errors/aero-error.js';

export const JWT_ISSUER = 'aerodb';
export const JWT_ALGORITHM = 'HS256';
/** How far in the future `iat` may be (clock skew between the token issuer and this server). */
export const IAT_SKEW_SECONDS = 60;

export type TokenRefusal = 'malformed' | 'bad_signature' | 'algorithm_not_allowed' | 'expired' | 'wrong_issuer' | 'missing_claim' | 'invalid_claim' | 'not_yet_valid';

/** What a valid token says about its holder. */
export interface TokenIdentity {
  /** the user id (null when the token has no sub: such a caller is signed in but owns nothing) */
  sub: string | null;
  role: string | null;
}

/** The HMAC key: the UTF-8 bytes of keys.json's jwt_secret (so any JWT library can use the same string). */
export function jwtKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function verifyToken(token: string, key: Uint8Array, now: Date = new Date()): Promise<TokenIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, requiredClaims: ['exp', 'iat'], currentDate: now }));
  } catch (error) {
    throw refusalOf(error);
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if ((payload.iat as number) > nowSeconds + IAT_SKEW_SECONDS) {
    throw invalidToken('not_yet_valid', `its "iat" (${payload.iat}) is in the future`, { claim: 'iat' });
  }
  if (payload.sub !== undefined && (typeof payload.sub !== 'string' || payload.sub === '')) {
    throw invalidToken('invalid_claim', '"sub" must be a non-empty string', { claim: 'sub' });
  }
  const role = (payload as { role?: unknown }).role;
  if (role !== undefined && typeof role !== 'string') throw invalidToken('invalid_claim', '"role" must be a string', { claim: 'role' });
  return { sub: payload.sub ?? null, role: role ?? null };
}

function refusalOf(error: unknown): AeroError {
  if (error instanceof errors.JWTExpired) {
    const exp = (error.payload as { exp?: unknown }).exp;
    return invalidToken('expired', `it expired${typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : ''}`, { claim: 'exp' });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (error.reason === 'missing') return invalidToken('missing_claim', `it has no "${claim}" claim`, { claim });
    if (claim === 'iss') return invalidToken('wrong_issuer', `its issuer is ${JSON.stringify(error.payload.iss)}, not "${JWT_ISSUER}"`, { claim });
    if (claim === 'nbf') return invalidToken('not_yet_valid', 'its "nbf" is in the future', { claim });
    return invalidToken('invalid_claim', `its "${claim}" claim is invalid (${error.message})`, { claim });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalidToken('bad_signature', 'its signature does not match this project\'s jwt_secret', {});
  if (error instanceof errors.JOSEAlgNotAllowed) return invalidToken('algorithm_not_allowed', `only ${JWT_ALGORITHM} tokens are accepted`, {});
  if (error instanceof errors.JOSEError) return invalidToken('malformed', `it is not a well-formed JWT (${error.message})`, {});
  // jose reports some malformed inputs as TypeError (e.g. bad base64url)
  return invalidToken('malformed', `it is not a well-formed JWT (${error instanceof Error ? error.message : String(error)})`, {});
}

function invalidToken(reason: TokenRefusal, why: string, details: Record<string, unknown>): AeroError {
  return new AeroError('AERO_AUTH_INVALID_TOKEN', `the bearer token is refused: ${why}`, {
    details: { header: 'authorization', reason, ...details },
    hint: reason === 'expired'
      ? 'Get a fresh token (`aerodb token --sub ID` in development).'
      : `Send a HS256 JWT signed with this project's jwt_secret (.aerodb/keys.json) with iss "${JWT_ISSUER}", exp and iat; \`aerodb token --sub ID\` makes one.`,
  });
}
