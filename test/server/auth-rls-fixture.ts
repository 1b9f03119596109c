// A server with a JWT secret, and the five callers of the RLS tests as request headers.
import { SignJWT } from 'jose';
import { jwtKey } from '../../src/server/auth/jwt.js';
import type { CollectionSchema } from '../../src/engine/types.js';
import { KEYS, startTestServer, type RequestOptions, type TestServer } from './server-fixture.js';

export const JWT_SECRET = 'rls-test-secret-0123456789abcdef0123456789abcdef';

export type Caller5 = 'anon' | 'u1' | 'u2' | 'nosub' | 'service';
export const CALLERS: Caller5[] = ['anon', 'u1', 'u2', 'nosub', 'service'];

export async function signToken(claims: Record<string, unknown>, options: { expiresIn?: number; issuer?: string; secret?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? 'aerodb')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(jwtKey(options.secret ?? JWT_SECRET));
}

/** Request options (apikey + Authorization) acting as each caller. */
export async function callerHeaders(): Promise<Record<Caller5, Pick<RequestOptions, 'key' | 'headers'>>> {
  const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });
  return {
    anon: { key: KEYS.anon },
    u1: { key: KEYS.anon, headers: await bearer({ sub: 'u1', role: 'authenticated' }) },
    u2: { key: KEYS.anon, headers: await bearer({ sub: 'u2', role: 'authenticated' }) },
    nosub: { key: KEYS.anon, headers: await bearer({ role: 'authenticated' }) },
    service: { key: KEYS.service },
  };
}

export function startRlsServer(schemas: CollectionSchema[]): Promise<TestServer> {
  return startTestServer({ schemas, server: { jwtSecret: JWT_SECRET } });
}
