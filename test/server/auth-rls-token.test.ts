// Bearer tokens: `aerodb token` (issueToken) signs what verifyToken accepts; every malformed, expired,
// wrongly signed or wrong-issuer token is refused with AERO_AUTH_INVALID_TOKEN and its reason.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AeroError } from '../../src/engine/errors/aero-error.js';
import { jwtKey, verifyToken } from '../../src/server/auth/jwt.js';
import { initProject } from '../../src/services/init-project.js';
import { issueToken, parseTtl } from '../../src/services/token-issue.js';
import { readJwtSecret } from '../../src/services/token-secret.js';
import { loadProject } from '../../src/config/load-config.js';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const KEY = jwtKey(SECRET);
const NOW = Math.floor(Date.now() / 1000);

function sign(claims: Record<string, unknown>, options: { iss?: string | null; iat?: number | null; exp?: number | null; key?: Uint8Array } = {}): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
  if (options.iss !== null) jwt = jwt.setIssuer(options.iss ?? 'aerodb');
  if (options.iat !== null) jwt = jwt.setIssuedAt(options.iat ?? NOW);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? NOW + 3600);
  return jwt.sign(options.key ?? KEY);
}

async function refusal(token: string): Promise<AeroError> {
  try {
    await verifyToken(token, KEY);
  } catch (error) {
    expect(error).toBeInstanceOf(AeroError);
    expect((error as AeroError).code).toBe('AERO_AUTH_INVALID_TOKEN');
    expect((error as AeroError).status).toBe(401);
    return error as AeroError;
  }
  throw new Error('token was accepted');
}

describe('verifyToken', () => {
  it('accepts a HS256 token with iss, iat, exp and returns sub and role', async () => {
    expect(await verifyToken(await sign({ sub: 'u1', role: 'editor' }), KEY)).toEqual({ sub: 'u1', role: 'editor' });
    expect(await verifyToken(await sign({}), KEY)).toEqual({ sub: null, role: null });
  });

  it.each([
    ['expired', () => sign({ sub: 'u1' }, { iat: NOW - 7200, exp: NOW - 3600 }), /expired at/],
    ['bad_signature', () => sign({ sub: 'u1' }, { key: jwtKey('another-secret-0123456789abcdef0123456789') }), /signature/],
    ['wrong_issuer', () => sign({ sub: 'u1' }, { iss: 'someone-else' }), /issuer is "someone-else"/],
    ['missing_claim', () => sign({ sub: 'u1' }, { iss: null }), /no "iss" claim/],
    ['missing_claim', () => sign({ sub: 'u1' }, { exp: null }), /no "exp" claim/],
    ['missing_claim', () => sign({ sub: 'u1' }, { iat: null }), /no "iat" claim/],
    ['not_yet_valid', () => sign({ sub: 'u1' }, { iat: NOW + 3600, exp: NOW + 7200 }), /"iat".*future/],
    ['invalid_claim', () => sign({ sub: 42 }), /"sub" must be a non-empty string/],
    ['invalid_claim', () => sign({ sub: 'u1', role: ['admin'] }), /"role" must be a string/],
    ['malformed', async () => 'not.a.jwt', /well-formed/],
    ['malformed', async () => 'abc', /well-formed/],
    ['algorithm_not_allowed', async () => new UnsecuredJWT({ sub: 'u1' }).setIssuer('aerodb').setIssuedAt(NOW).setExpirationTime(NOW + 60).encode(), /HS256/],
  ])('refuses %s tokens with the reason', async (reason, make, message) => {
    const error = await refusal(await make());
    expect(error.details['reason']).toBe(reason);
    expect(error.message).toMatch(message);
    expect(error.hint).not.toBe('');
  });
});

describe('aerodb token (issueToken)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'aerodb-token-'));
    await initProject({ dir: join(tmp, 'app'), cwd: tmp });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('init keeps the secret in keys.json only and the config points there', () => {
    const app = join(tmp, 'app');
    expect(existsSync(join(app, '.aerodb', 'jwt.secret'))).toBe(false);
    const project = loadProject({ dir: app });
    expect(project.config.auth.jwt_secret_file).toBe('.aerodb/keys.json');
    const keys = JSON.parse(readFileSync(join(app, '.aerodb', 'keys.json'), 'utf8')) as { jwt_secret: string };
    expect(readJwtSecret(project)).toBe(keys.jwt_secret);
  });

  it('signs a token the server verifies with the project secret, with sub, role, iat and exp', async () => {
    const app = join(tmp, 'app');
    const issued = await issueToken({ dir: app, sub: 'u1', ttl: '30m', now: NOW });
    expect(issued).toMatchObject({ sub: 'u1', role: 'authenticated', iat: NOW, exp: NOW + 1800, expires_at: new Date((NOW + 1800) * 1000).toISOString() });
    const secret = readJwtSecret(loadProject({ dir: app }));
    expect(await verifyToken(issued.token, jwtKey(secret))).toEqual({ sub: 'u1', role: 'authenticated' });
    const editor = await issueToken({ dir: app, sub: 'u2', role: 'editor' });
    expect(await verifyToken(editor.token, jwtKey(secret))).toEqual({ sub: 'u2', role: 'editor' });
    // a token issued long ago with a short ttl is expired
    const old = await issueToken({ dir: app, sub: 'u1', ttl: '1s', now: NOW - 100 });
    await expect(verifyToken(old.token, jwtKey(secret))).rejects.toMatchObject({ code: 'AERO_AUTH_INVALID_TOKEN', details: { reason: 'expired' } });
  });

  it('reads a plain secret file named by [auth] jwt_secret_file, and refuses a short one', () => {
    const app = join(tmp, 'app');
    const toml = join(app, 'aerodb.toml');
    const original = readFileSync(toml, 'utf8');
    try {
      writeFileSync(toml, original.replace('jwt_secret_file = ".aerodb/keys.json"', 'jwt_secret_file = "secrets/jwt.txt"'));
      expect(() => readJwtSecret(loadProject({ dir: app }))).toThrow(/secrets\/jwt\.txt.*does not exist/);
      mkdirSync(join(app, 'secrets'), { recursive: true });
      writeFileSync(join(app, 'secrets', 'jwt.txt'), `${SECRET}\n`);
      expect(readJwtSecret(loadProject({ dir: app }))).toBe(SECRET);
      writeFileSync(join(app, 'secrets', 'jwt.txt'), 'short\n');
      expect(() => readJwtSecret(loadProject({ dir: app }))).toThrow(/5 characters; at least 32/);
    } finally {
      writeFileSync(toml, original);
    }
  });

  it('parses ttl durations and refuses others', () => {
    expect(parseTtl('90s')).toBe(90);
    expect(parseTtl('30m')).toBe(1800);
    expect(parseTtl('1h')).toBe(3600);
    expect(parseTtl('7d')).toBe(604800);
    for (const bad of ['', '0s', '1w', '1.5h', '-1h', '366d', 'h']) {
      expect(() => parseTtl(bad), bad).toThrow(AeroError);
    }
  });

  it('refuses an empty sub', async () => {
    await expect(issueToken({ dir: join(tmp, 'app'), sub: ' ' })).rejects.toMatchObject({ code: 'AERO_CONFIG_USAGE' });
  });
});
