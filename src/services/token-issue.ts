// `aerodb token`: a development JWT for a user, signed with the project's secret (token-secret.ts),
// with exactly the claims the server checks: iss "aerodb", sub, role, iat, exp.
import { SignJWT } from 'jose';
import { loadProject } from '../config/load-config.js';
import { AeroError } from '../engine/errors/aero-error.js';
import { JWT_ALGORITHM, JWT_ISSUER, jwtKey } from '../server/auth/jwt.js';
import { readJwtSecret } from './token-secret.js';

export interface IssueTokenOptions {
  dir?: string;
  cwd?: string;
  sub: string;
  /** default "authenticated" */
  role?: string;
  /** "90s", "30m", "1h", "7d" (default 1h) */
  ttl?: string;
  /** seconds since the epoch the token is issued at (default: now) */
  now?: number;
}

export interface IssuedToken {
  token: string;
  sub: string;
  role: string;
  iat: number;
  exp: number;
  expires_at: string;
}

export const DEFAULT_TTL = '1h';
export const DEFAULT_ROLE = 'authenticated';
/** Dev tokens live at most this long. */
export const MAX_TTL_SECONDS = 365 * 24 * 3600;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export async function issueToken(options: IssueTokenOptions): Promise<IssuedToken> {
  if (options.sub.trim() === '') {
    throw new AeroError('AERO_CONFIG_USAGE', '--sub must be a non-empty user id', { details: { flag: 'sub' }, hint: 'Pass the _id of the user the token stands for, e.g. --sub u1.' });
  }
  const ttl = parseTtl(options.ttl ?? DEFAULT_TTL);
  const role = options.role ?? DEFAULT_ROLE;
  const project = loadProject(options);
  const secret = readJwtSecret(project);
  const iat = options.now ?? Math.floor(Date.now() / 1000);
  const exp = iat + ttl;
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
    .setIssuer(JWT_ISSUER)
    .setSubject(options.sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(jwtKey(secret));
  return { token, sub: options.sub, role, iat, exp, expires_at: new Date(exp * 1000).toISOString() };
}

/** "90s" | "30m" | "1h" | "7d" -> seconds (1 s to 365 d). */
export function parseTtl(text: string): number {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]!]! : NaN;
  if (!match || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new AeroError('AERO_CONFIG_USAGE', `--ttl ${JSON.stringify(text)} is not a duration from 1s to 365d`, {
      details: { flag: 'ttl', value: text },
      hint: 'Write a number and a unit: 90s, 30m, 1h, 7d.',
    });
  }
  return seconds;
}
