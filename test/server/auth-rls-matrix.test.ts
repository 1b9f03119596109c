// The policy x operation x caller matrix through REST: one collection per policy (every operation
// uses it), a document d1 owned by u1, and five callers (anon key, users u1 and u2, a token without
// sub, the service key). The expected statuses are written out, not derived.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionSchema, RlsPolicy } from '../../src/engine/types.js';
import { CALLERS, callerHeaders, startRlsServer, type Caller5 } from './auth-rls-fixture.js';
import type { RequestOptions, TestServer } from './server-fixture.js';

const COLLECTION: Record<RlsPolicy, string> = { public: 'c_public', authenticated: 'c_auth', owner: 'c_owner', service: 'c_service' };
const POLICIES: RlsPolicy[] = ['public', 'authenticated', 'owner', 'service'];

function schema(policy: RlsPolicy): CollectionSchema {
  const rls = policy === 'service'
    ? { owner_field: 'owner' } // nothing declared: every operation defaults to service
    : { read: policy, create: policy, update: policy, delete: policy, owner_field: 'owner' };
  return {
    collection: COLLECTION[policy],
    fields: { _id: { type: 'string', required: true }, owner: { type: 'string' }, n: { type: 'int' } },
    indexes: [{ name: 'owner_idx', fields: ['owner'] }],
    rls,
  };
}

type Row = Record<Caller5, number>;
const row = (anon: number, u1: number, u2: number, nosub: number, service: number): Row => ({ anon, u1, u2, nosub, service });

// GET /:c/d1 (d1 is owned by u1)
const GET: Record<RlsPolicy, Row> = {
  public: row(200, 200, 200, 200, 200),
  authenticated: row(403, 200, 200, 200, 200),
  owner: row(403, 200, 404, 403, 200),
  service: row(403, 403, 403, 403, 200),
};
// GET /:c — status, and whether d1 is in the list
const LIST: Record<RlsPolicy, Record<Caller5, [number, boolean]>> = {
  public: { anon: [200, true], u1: [200, true], u2: [200, true], nosub: [200, true], service: [200, true] },
  authenticated: { anon: [403, false], u1: [200, true], u2: [200, true], nosub: [200, true], service: [200, true] },
  owner: { anon: [403, false], u1: [200, true], u2: [200, false], nosub: [403, false], service: [200, true] },
  service: { anon: [403, false], u1: [403, false], u2: [403, false], nosub: [403, false], service: [200, true] },
};
// POST /:c {n} — status, and the owner stamped on the stored document
const CREATE: Record<RlsPolicy, Record<Caller5, [number, string | undefined]>> = {
  public: { anon: [201, undefined], u1: [201, 'u1'], u2: [201, 'u2'], nosub: [201, undefined], service: [201, undefined] },
  authenticated: { anon: [403, undefined], u1: [201, 'u1'], u2: [201, 'u2'], nosub: [201, undefined], service: [201, undefined] },
  owner: { anon: [403, undefined], u1: [201, 'u1'], u2: [201, 'u2'], nosub: [403, undefined], service: [201, undefined] },
  service: { anon: [403, undefined], u1: [403, undefined], u2: [403, undefined], nosub: [403, undefined], service: [201, undefined] },
};
// PATCH /:c/d1 {n: 1}, and DELETE /:c/d1
const WRITE: Record<RlsPolicy, Row> = {
  public: row(200, 200, 200, 200, 200),
  authenticated: row(403, 200, 200, 200, 200),
  owner: row(403, 200, 403, 403, 200),
  service: row(403, 403, 403, 403, 200),
};

let t: TestServer;
let as: Record<Caller5, Pick<RequestOptions, 'key' | 'headers'>>;

beforeAll(async () => {
  t = await startRlsServer(POLICIES.map(schema));
  as = await callerHeaders();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  for (const policy of POLICIES) {
    const reply = await t.request('PUT', `/api/collections/${COLLECTION[policy]}/d1`, { body: { owner: 'u1', n: 0 } });
    expect(reply.status, reply.text).toBeLessThan(300);
  }
});

async function send(who: Caller5, method: string, path: string, body?: unknown) {
  return t.request(method, path, { ...as[who], body });
}

describe.each(POLICIES)('policy "%s" on every operation', (policy) => {
  const c = COLLECTION[policy];

  it.each(CALLERS)('read: GET by id as %s', async (who) => {
    const reply = await send(who, 'GET', `/api/collections/${c}/d1`);
    expect(reply.status, reply.text).toBe(GET[policy][who]);
    if (reply.status === 200) expect(reply.json.data).toEqual({ _id: 'd1', owner: 'u1', n: 0 });
    if (reply.status === 403) expect(reply.json.error).toMatchObject({ code: 'AERO_RLS_DENIED', details: { collection: c, operation: 'read' } });
    if (reply.status === 404) expect(reply.json.error.code).toBe('AERO_NOT_FOUND');
  });

  it.each(CALLERS)('read: list as %s', async (who) => {
    const reply = await send(who, 'GET', `/api/collections/${c}?limit=100`);
    const [status, sees] = LIST[policy][who];
    expect(reply.status, reply.text).toBe(status);
    if (status === 200) expect((reply.json.data as Array<{ _id: string }>).some((d) => d._id === 'd1')).toBe(sees);
    else expect(reply.json.error).toMatchObject({ code: 'AERO_RLS_DENIED', details: { collection: c, operation: 'read' } });
  });

  it.each(CALLERS)('create as %s', async (who) => {
    const id = `new_${policy}_${who}`;
    const reply = await send(who, 'POST', `/api/collections/${c}`, { _id: id, n: 5 });
    const [status, owner] = CREATE[policy][who];
    expect(reply.status, reply.text).toBe(status);
    if (status === 201) {
      expect(reply.json.data.owner).toBe(owner);
      const stored = await t.request('GET', `/api/collections/${c}/${id}`);
      expect(stored.json.data.owner).toBe(owner);
    } else {
      expect(reply.json.error).toMatchObject({ code: 'AERO_RLS_DENIED', details: { collection: c, operation: 'create' } });
      expect((await t.request('GET', `/api/collections/${c}/${id}`)).status).toBe(404);
    }
  });

  it.each(CALLERS)('update as %s', async (who) => {
    const reply = await send(who, 'PATCH', `/api/collections/${c}/d1`, { n: 1 });
    expect(reply.status, reply.text).toBe(WRITE[policy][who]);
    const stored = await t.request('GET', `/api/collections/${c}/d1`);
    expect(stored.json.data.n).toBe(reply.status === 200 ? 1 : 0);
    if (reply.status === 403) expect(reply.json.error).toMatchObject({ code: 'AERO_RLS_DENIED', details: { collection: c, operation: 'update' } });
  });

  it.each(CALLERS)('delete as %s', async (who) => {
    const reply = await send(who, 'DELETE', `/api/collections/${c}/d1`);
    expect(reply.status, reply.text).toBe(WRITE[policy][who]);
    const stored = await t.request('GET', `/api/collections/${c}/d1`);
    expect(stored.status).toBe(reply.status === 200 ? 404 : 200);
    if (reply.status === 403) expect(reply.json.error).toMatchObject({ code: 'AERO_RLS_DENIED', details: { collection: c, operation: 'delete' } });
  });
});

describe('owner field rules through REST', () => {
  it('a create naming another owner is 403 for every non-service caller; the service key may', async () => {
    for (const policy of ['public', 'authenticated', 'owner'] as const) {
      for (const who of ['anon', 'u2', 'nosub'] as const) {
        const reply = await send(who, 'POST', `/api/collections/${COLLECTION[policy]}`, { _id: `steal_${policy}_${who}`, owner: 'u1', n: 1 });
        expect(reply.status, `${policy} ${who} ${reply.text}`).toBe(403);
      }
      const own = await send('u1', 'POST', `/api/collections/${COLLECTION[policy]}`, { _id: `own_${policy}`, owner: 'u1', n: 1 });
      expect(own.status, own.text).toBe(201);
      const service = await send('service', 'POST', `/api/collections/${COLLECTION[policy]}`, { _id: `svc_${policy}`, owner: 'u2', n: 1 });
      expect(service.status).toBe(201);
    }
  });

  it('PATCH and PUT may not transfer ownership (403), even to a caller who may update', async () => {
    for (const policy of ['public', 'authenticated', 'owner'] as const) {
      const c = COLLECTION[policy];
      const patch = await send('u1', 'PATCH', `/api/collections/${c}/d1`, { owner: 'u2' });
      expect(patch.status, patch.text).toBe(403);
      expect(patch.json.error.details).toMatchObject({ owner_field: 'owner', from: 'u1', to: 'u2' });
      const drop = await send('u1', 'PATCH', `/api/collections/${c}/d1`, { owner: null });
      expect(drop.status).toBe(403);
      const put = await send('u1', 'PUT', `/api/collections/${c}/d1`, { owner: 'u2', n: 3 });
      expect(put.status).toBe(403);
      // leaving the owner out of a replacement keeps it
      const keep = await send('u1', 'PUT', `/api/collections/${c}/d1`, { n: 3 });
      expect(keep.status, keep.text).toBe(200);
      expect(keep.json.data).toEqual({ _id: 'd1', owner: 'u1', n: 3 });
    }
    expect((await send('service', 'PATCH', `/api/collections/${COLLECTION.owner}/d1`, { owner: 'u2' })).status).toBe(200);
  });

  it('upsert checks both branches: create + update policies, then the branch taken', async () => {
    const c = COLLECTION.owner;
    // u2: both policies grant (owner), but d1 exists and is u1's: the update branch refuses
    expect((await send('u2', 'PUT', `/api/collections/${c}/d1`, { n: 9 })).status).toBe(403);
    // u2 creates its own through the insert branch (stamped)
    const created = await send('u2', 'PUT', `/api/collections/${c}/u2doc`, { n: 9 });
    expect(created.status, created.text).toBe(201);
    expect(created.json.data.owner).toBe('u2');
    // anon: refused before looking at the document, whichever branch it would take
    expect((await send('anon', 'PUT', `/api/collections/${COLLECTION.authenticated}/fresh`, { n: 1 })).status).toBe(403);
    expect((await send('anon', 'PUT', `/api/collections/${COLLECTION.authenticated}/d1`, { n: 1 })).status).toBe(403);
  });

  it('a bulk insert is all-or-nothing under RLS', async () => {
    const c = COLLECTION.owner;
    const reply = await send('u2', 'POST', `/api/collections/${c}`, [{ _id: 'b1', n: 1 }, { _id: 'b2', owner: 'u1', n: 2 }, { _id: 'b3', n: 3 }]);
    expect(reply.status).toBe(403);
    expect(reply.json.error.details).toMatchObject({ index: 1, owner_field: 'owner', value: 'u1' });
    for (const id of ['b1', 'b2', 'b3']) expect((await t.request('GET', `/api/collections/${c}/${id}`)).status).toBe(404);
    const ok = await send('u2', 'POST', `/api/collections/${c}`, [{ _id: 'b1', n: 1 }, { _id: 'b3', n: 3 }]);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.data.map((d: { owner: string }) => d.owner)).toEqual(['u2', 'u2']);
  });
});
