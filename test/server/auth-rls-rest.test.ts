// Auth and RLS through REST beyond the matrix: key and token failures (401 with the reason), what a
// token does with each key, explain showing the injected predicate, full pages, system collections,
// and a REST-level sample of the RLS property test (the same model as the engine-level one).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionSchema } from '../../src/engine/types.js';
import { actionArb, check, COLLS, modelSchemas, RlsModel, seedArb, type Coll, type ModelDoc, type Reply, type RlsClient, type Who } from '../engine/auth/rls-model.js';
import { signToken, startRlsServer } from './auth-rls-fixture.js';
import { expectError, KEYS, type Reply as HttpReply, type RequestOptions, type TestServer } from './server-fixture.js';

const REST_RUNS = Math.max(10, Math.round(Number(process.env.PROPERTY_RUNS ?? 200) / 8));

const NOTES: CollectionSchema = {
  collection: 'private_notes',
  fields: { _id: { type: 'string', required: true }, owner_id: { type: 'string' }, kind: { type: 'string', required: true } },
  indexes: [{ name: 'kind_idx', fields: ['kind'] }, { name: 'owner_kind', fields: ['owner_id', 'kind'] }],
  rls: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'owner_id' },
};
const OPEN: CollectionSchema = {
  collection: 'open_board',
  fields: { _id: { type: 'string', required: true }, msg: { type: 'string' } },
  rls: { read: 'public', create: 'public', update: 'public', delete: 'public' },
};

let t: TestServer;
let tokens: Record<'u1' | 'u2' | 'u3', string>;

beforeAll(async () => {
  t = await startRlsServer([NOTES, OPEN, ...modelSchemas()]);
  tokens = { u1: await signToken({ sub: 'u1' }), u2: await signToken({ sub: 'u2' }), u3: await signToken({ sub: 'u3' }) };
  const docs = Array.from({ length: 24 }, (_, i) => ({ _id: `p${String(i).padStart(2, '0')}`, owner_id: i % 3 === 0 ? 'u1' : 'u2', kind: i % 2 === 0 ? 'x' : 'y' }));
  expect((await t.request('POST', '/api/collections/private_notes', { body: docs })).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('keys and tokens', () => {
  it('no key or an unknown key is 401 AERO_AUTH_REQUIRED, even with a valid token', async () => {
    expectError(await t.request('GET', '/api/collections/open_board', { key: null }), 401, 'AERO_AUTH_REQUIRED');
    expectError(await t.request('GET', '/api/collections/open_board', { key: null, headers: bearer(tokens.u1) }), 401, 'AERO_AUTH_REQUIRED');
    expectError(await t.request('GET', '/api/collections/open_board', { key: 'aero_anon_nope', headers: bearer(tokens.u1) }), 401, 'AERO_AUTH_REQUIRED');
  });

  it.each([
    ['expired', () => signToken({ sub: 'u1' }, { expiresIn: -60 })],
    ['bad_signature', () => signToken({ sub: 'u1' }, { secret: 'not-the-project-secret-0123456789abcdef' })],
    ['wrong_issuer', () => signToken({ sub: 'u1' }, { issuer: 'supabase' })],
    ['malformed', async () => 'not-a-jwt'],
  ])('a %s token is 401 AERO_AUTH_INVALID_TOKEN with the reason, with either key', async (reason, make) => {
    const token = await make();
    for (const key of [KEYS.anon, KEYS.service]) {
      const error = expectError(await t.request('GET', '/api/collections/open_board', { key, headers: bearer(token) }), 401, 'AERO_AUTH_INVALID_TOKEN');
      expect(error.details).toMatchObject({ header: 'authorization', reason });
      expect(error.message).toContain('bearer token is refused');
    }
  });

  it('an Authorization header that is not "Bearer <jwt>" is 401 malformed', async () => {
    const error = expectError(await t.request('GET', '/api/collections/open_board', { key: KEYS.anon, headers: { authorization: 'Basic dTE6cHc=' } }), 401, 'AERO_AUTH_INVALID_TOKEN');
    expect(error.details['reason']).toBe('malformed');
  });

  it('the anon key alone is the anonymous caller (public policies allow it, others refuse with 403)', async () => {
    expect((await t.request('POST', '/api/collections/open_board', { key: KEYS.anon, body: { _id: 'hello', msg: 'hi' } })).status).toBe(201);
    expect((await t.request('GET', '/api/collections/open_board/hello', { key: KEYS.anon })).json.data).toEqual({ _id: 'hello', msg: 'hi' });
    const error = expectError(await t.request('GET', '/api/collections/private_notes', { key: KEYS.anon }), 403, 'AERO_RLS_DENIED');
    expect(error.message).toContain('read on "private_notes"');
    expect(error.hint).toContain('Bearer');
  });

  it('the service key with a valid token stays the service caller (sees every document)', async () => {
    const reply = await t.request('GET', '/api/collections/private_notes?limit=100', { key: KEYS.service, headers: bearer(tokens.u1) });
    expect(reply.json.data.length).toBe(24);
  });

  it('a token without sub reads "authenticated" collections but not "owner" ones', async () => {
    const token = await signToken({ role: 'authenticated' });
    const error = expectError(await t.request('GET', '/api/collections/private_notes', { key: KEYS.anon, headers: bearer(token) }), 403, 'AERO_RLS_DENIED');
    expect(error.message).toContain('no "sub" claim');
    expect((await t.request('GET', '/api/collections/wiki', { key: KEYS.anon, headers: bearer(token) })).status).toBe(200);
  });

  it('_system.* is refused (403) for the anon key and for users, on every route', async () => {
    for (const headers of [undefined, bearer(tokens.u1)]) {
      const as: RequestOptions = headers ? { key: KEYS.anon, headers } : { key: KEYS.anon };
      expectError(await t.request('GET', '/api/collections/_system.schemas', as), 403, 'AERO_RLS_DENIED');
      expectError(await t.request('GET', '/api/collections/_system.schemas/private_notes', as), 403, 'AERO_RLS_DENIED');
      expectError(await t.request('POST', '/api/collections/_system.migrations/query', { ...as, body: { limit: 1 } }), 403, 'AERO_RLS_DENIED');
      expectError(await t.request('POST', '/api/collections/_system.schemas/explain', { ...as, body: { limit: 1 } }), 403, 'AERO_RLS_DENIED');
      expectError(await t.request('DELETE', '/api/collections/_system.schemas/private_notes', as), 403, 'AERO_RLS_DENIED');
    }
    expect((await t.request('GET', '/api/collections/_system.schemas?limit=1')).status).toBe(200);
  });
});

describe('the plan through REST', () => {
  it('explain shows the injected predicate for the token\'s sub', async () => {
    const reply = await t.request('POST', '/api/collections/private_notes/explain', { key: KEYS.anon, headers: bearer(tokens.u1), body: { filter: { kind: 'x' }, limit: 5 } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.data.rls).toEqual({ applied: true, predicate: { owner_id: { eq: 'u1' } } });
    expect(reply.json.data.bounds).toEqual({ owner_id: { eq: 'u1' }, kind: { eq: 'x' } });
    const service = await t.request('POST', '/api/collections/private_notes/explain', { body: { filter: { kind: 'x' }, limit: 5 } });
    expect(service.json.data.rls).toEqual({ applied: false, predicate: null });
  });

  it('a filtered list with a limit returns full pages of the caller\'s documents only (filter before limit)', async () => {
    // u1 owns p00, p03, p06, ... (8 of 24), interleaved with u2's
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path = `/api/collections/private_notes?limit=3&sort=_id${cursor ? `&cursor=${cursor}` : ''}`;
      const reply: HttpReply = await t.request('GET', path, { key: KEYS.anon, headers: bearer(tokens.u1) });
      expect(reply.status, reply.text).toBe(200);
      cursor = reply.json._meta.next_cursor;
      if (cursor !== null) expect(reply.json.data.length).toBe(3);
      seen.push(...reply.json.data.map((d: { _id: string; owner_id: string }) => (expect(d.owner_id).toBe('u1'), d._id)));
    } while (cursor !== null);
    expect(seen).toEqual(['p00', 'p03', 'p06', 'p09', 'p12', 'p15', 'p18', 'p21']);
  });
});

/** The property-test client over HTTP: keys and tokens per caller, error codes from the envelope. */
class RestClient implements RlsClient {
  constructor(private readonly server: TestServer, private readonly tokens: Record<'u1' | 'u2' | 'u3', string>) {}

  private as(who: Who): RequestOptions {
    if (who === 'service') return { key: KEYS.service };
    if (who === 'anon') return { key: KEYS.anon };
    return { key: KEYS.anon, headers: bearer(this.tokens[who]) };
  }

  private async call(who: Who, method: string, path: string, body: unknown, ok: (reply: HttpReply) => unknown): Promise<Reply> {
    const reply = await this.server.request(method, path, { ...this.as(who), body });
    if (reply.status < 300) return { ok: true, value: ok(reply) };
    return { ok: false, code: reply.json?.error?.code ?? `HTTP ${reply.status}` };
  }

  insert(who: Who, c: Coll, docs: ModelDoc[]): Promise<Reply> {
    return this.call(who, 'POST', `/api/collections/${c}`, docs.length === 1 ? docs[0] : docs, (r) => (Array.isArray(r.json.data) ? r.json.data : [r.json.data]));
  }

  update(who: Who, c: Coll, id: string, patch: Record<string, unknown>): Promise<Reply> {
    return this.call(who, 'PATCH', `/api/collections/${c}/${id}`, patch, (r) => r.json.data);
  }

  upsert(who: Who, c: Coll, id: string, body: Record<string, unknown>, onConflict: 'replace' | 'merge' | 'error'): Promise<Reply> {
    return this.call(who, 'PUT', `/api/collections/${c}/${id}?on_conflict=${onConflict}`, body, (r) => ({ doc: r.json.data, created: r.json._meta.created }));
  }

  delete(who: Who, c: Coll, id: string): Promise<Reply> {
    return this.call(who, 'DELETE', `/api/collections/${c}/${id}`, undefined, (r) => r.json.data);
  }

  async get(who: Who, c: Coll, id: string): Promise<Reply> {
    const reply = await this.call(who, 'GET', `/api/collections/${c}/${id}`, undefined, (r) => r.json.data);
    // REST answers an invisible (or missing) document with 404; the engine with null
    return !reply.ok && reply.code === 'AERO_NOT_FOUND' ? { ok: true, value: null } : reply;
  }

  find(who: Who, c: Coll, query: Record<string, unknown>): Promise<Reply> {
    return this.call(who, 'POST', `/api/collections/${c}/query`, query, (r) => ({ docs: r.json.data, next_cursor: r.json._meta.next_cursor }));
  }
}

describe('RLS property through REST (a smaller sample of the engine-level test)', () => {
  it(`random actions by anon, three users with tokens and the service key (${REST_RUNS} runs)`, async () => {
    const client = new RestClient(t, tokens);
    await fc.assert(
      fc.asyncProperty(seedArb, fc.array(actionArb, { minLength: 1, maxLength: 25 }), async (seed, actions) => {
        // start every run from empty collections
        for (const c of COLLS) {
          const all = await t.request('GET', `/api/collections/${c}?limit=1000`);
          for (const doc of all.json.data as Array<{ _id: string }>) expect((await t.request('DELETE', `/api/collections/${c}/${doc._id}`)).status).toBe(200);
        }
        const model = new RlsModel();
        for (const action of [...seed, ...actions]) await check(client, model, action);
        for (const c of COLLS) {
          const stored = (await t.request('GET', `/api/collections/${c}?limit=1000&sort=_id`)).json.data;
          expect(stored, c).toEqual([...model.docs[c].values()].sort((a, b) => (a._id < b._id ? -1 : 1)));
        }
      }),
      { numRuns: REST_RUNS },
    );
  }, 600_000);
});

