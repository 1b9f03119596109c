// The reference model of "who may see and do what" (SPEC §9, docs/auth.md), written independently of
// src/engine/auth: a map of documents per collection and a direct reading of the rules. Shared by the
// engine-level and the REST-level property tests, which drive the same random actions through a
// `RlsClient` (the engine's withContext, or HTTP with keys and tokens) and compare every response.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { CollectionSchema } from '../../../src/engine/types.js';

export type Who = 'anon' | 'u1' | 'u2' | 'u3' | 'service';
export const WHO: Who[] = ['anon', 'u1', 'u2', 'u3', 'service'];
export type Policy = 'public' | 'authenticated' | 'owner' | 'service';
export type Op = 'read' | 'create' | 'update' | 'delete';
export type Coll = 'notes' | 'posts' | 'wiki';
export const COLLS: Coll[] = ['notes', 'posts', 'wiki'];
export type Kind = 'a' | 'b' | 'c';
export interface ModelDoc {
  _id: string;
  owner_id?: string;
  kind: Kind;
  n: number;
}

const FIELDS: CollectionSchema['fields'] = {
  _id: { type: 'string', required: true },
  owner_id: { type: 'string' },
  kind: { type: 'string', enum: ['a', 'b', 'c'], required: true },
  n: { type: 'int', required: true },
};
const INDEXES: CollectionSchema['indexes'] = [
  { name: 'kind_idx', fields: ['kind'] },
  { name: 'owner_kind', fields: ['owner_id', 'kind'] },
];

/** notes: private to their owner; posts: public reads, owner writes; wiki: signed-in reads, anyone creates, service deletes. */
export const RLS: Record<Coll, { policies: Partial<Record<Op, Policy>>; owner_field?: string }> = {
  notes: { policies: { read: 'owner', create: 'authenticated', update: 'owner', delete: 'owner' }, owner_field: 'owner_id' },
  posts: { policies: { read: 'public', create: 'authenticated', update: 'owner', delete: 'owner' }, owner_field: 'owner_id' },
  wiki: { policies: { read: 'authenticated', create: 'public', update: 'authenticated' } },
};

export function modelSchemas(): CollectionSchema[] {
  return COLLS.map((collection) => {
    const { policies, owner_field } = RLS[collection];
    return { collection, fields: FIELDS, indexes: INDEXES, rls: owner_field === undefined ? { ...policies } : { ...policies, owner_field } };
  });
}

// ------------------------------------------------------------------ the rules, read off the spec

function policyOf(c: Coll, op: Op): Policy {
  return RLS[c].policies[op] ?? 'service';
}

function isUser(who: Who): boolean {
  return who === 'u1' || who === 'u2' || who === 'u3';
}

/** May `who` do `op` on the collection at all (before looking at a document)? */
function policyAllows(c: Coll, op: Op, who: Who): boolean {
  if (who === 'service') return true;
  switch (policyOf(c, op)) {
    case 'public':
      return true;
    case 'authenticated':
    case 'owner':
      return isUser(who);
    case 'service':
      return false;
  }
}

/** Under the collection's policy for `op`, does the document count as the caller's? */
function docAllows(c: Coll, op: Op, who: Who, doc: ModelDoc): boolean {
  if (who === 'service' || policyOf(c, op) !== 'owner') return true;
  return doc.owner_id === who;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; code: string };
const fail = (code: string): Outcome => ({ ok: false, code });
const DENIED = fail('AERO_RLS_DENIED');

export class RlsModel {
  readonly docs: Record<Coll, Map<string, ModelDoc>> = { notes: new Map(), posts: new Map(), wiki: new Map() };

  get(who: Who, c: Coll, id: string): Outcome {
    if (!policyAllows(c, 'read', who)) return DENIED;
    const doc = this.docs[c].get(id);
    return { ok: true, value: doc && docAllows(c, 'read', who, doc) ? doc : null };
  }

  /** Every document the caller may read that matches, in _id order (asc or desc). */
  find(who: Who, c: Coll, filter: FindFilter, desc: boolean): Outcome {
    if (!policyAllows(c, 'read', who)) return DENIED;
    const out = [...this.docs[c].values()].filter((d) => docAllows(c, 'read', who, d) && matchesFilter(d, filter));
    out.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    if (desc) out.reverse();
    return { ok: true, value: out };
  }

  insert(who: Who, c: Coll, docs: ModelDoc[]): Outcome {
    if (!policyAllows(c, 'create', who)) return DENIED;
    const owner = RLS[c].owner_field;
    const prepared: ModelDoc[] = [];
    for (const doc of docs) {
      let next = doc;
      if (owner !== undefined && who !== 'service') {
        if (doc.owner_id === undefined) next = isUser(who) ? { ...doc, owner_id: who } : doc;
        else if (doc.owner_id !== who) return DENIED;
      }
      prepared.push(next);
    }
    const seen = new Set<string>();
    for (const doc of prepared) {
      if (this.docs[c].has(doc._id) || seen.has(doc._id)) return fail('AERO_VALIDATION_DUPLICATE_ID');
      seen.add(doc._id);
    }
    for (const doc of prepared) this.docs[c].set(doc._id, doc);
    return { ok: true, value: prepared };
  }

  update(who: Who, c: Coll, id: string, patch: Partial<ModelDoc>): Outcome {
    if (!policyAllows(c, 'update', who)) return DENIED;
    const old = this.docs[c].get(id);
    if (!old) return fail('AERO_NOT_FOUND');
    if (!docAllows(c, 'update', who, old)) return DENIED;
    const next = { ...old, ...patch };
    if (RLS[c].owner_field !== undefined && who !== 'service' && next.owner_id !== old.owner_id) return DENIED;
    this.docs[c].set(id, next);
    return { ok: true, value: next };
  }

  /** PUT: create, or replace / merge the existing document (the body never names a different _id). */
  upsert(who: Who, c: Coll, id: string, body: Omit<ModelDoc, '_id'>, onConflict: 'replace' | 'merge' | 'error'): Outcome {
    if (!policyAllows(c, 'create', who)) return DENIED;
    if (onConflict !== 'error' && !policyAllows(c, 'update', who)) return DENIED;
    const old = this.docs[c].get(id);
    if (!old) {
      const created = this.insert(who, c, [{ _id: id, ...body }]);
      return created.ok ? { ok: true, value: { doc: (created.value as ModelDoc[])[0], created: true } } : created;
    }
    if (onConflict === 'error') return fail('AERO_QUERY_CONFLICT');
    if (!docAllows(c, 'update', who, old)) return DENIED;
    let next: ModelDoc = onConflict === 'merge' ? { ...old, ...body } : { _id: id, ...body };
    const guarded = RLS[c].owner_field !== undefined && who !== 'service';
    // a replacement that leaves the owner out keeps the stored one
    if (guarded && onConflict === 'replace' && body.owner_id === undefined && old.owner_id !== undefined) next = { ...next, owner_id: old.owner_id };
    if (guarded && next.owner_id !== old.owner_id) return DENIED;
    this.docs[c].set(id, next);
    return { ok: true, value: { doc: next, created: false } };
  }

  delete(who: Who, c: Coll, id: string): Outcome {
    if (!policyAllows(c, 'delete', who)) return DENIED;
    const old = this.docs[c].get(id);
    if (!old) return fail('AERO_NOT_FOUND');
    if (!docAllows(c, 'delete', who, old)) return DENIED;
    this.docs[c].delete(id);
    return { ok: true, value: { _id: id } };
  }
}

// ------------------------------------------------------------------ random actions

export type FindFilter = { kind?: Kind; kinds?: Kind[]; ids?: string[]; nGte?: number };

export function matchesFilter(doc: ModelDoc, f: FindFilter): boolean {
  if (f.kind !== undefined && doc.kind !== f.kind) return false;
  if (f.kinds !== undefined && !f.kinds.includes(doc.kind)) return false;
  if (f.ids !== undefined && !f.ids.includes(doc._id)) return false;
  if (f.nGte !== undefined && doc.n < f.nGte) return false;
  return true;
}

/** The query filter for a FindFilter (the shapes the planner accepts with and without RLS). */
export function queryFilter(f: FindFilter): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (f.kind !== undefined) out['kind'] = f.kind;
  if (f.kinds !== undefined) out['kind'] = { $in: f.kinds };
  if (f.ids !== undefined) out['_id'] = { $in: f.ids };
  if (f.nGte !== undefined) out['n'] = { $gte: f.nGte };
  return Object.keys(out).length === 0 ? undefined : out;
}

export type Action =
  | { t: 'insert'; who: Who; c: Coll; docs: ModelDoc[] }
  | { t: 'update'; who: Who; c: Coll; id: string; patch: Partial<ModelDoc> }
  | { t: 'upsert'; who: Who; c: Coll; id: string; body: Omit<ModelDoc, '_id'>; onConflict: 'replace' | 'merge' | 'error' }
  | { t: 'delete'; who: Who; c: Coll; id: string }
  | { t: 'get'; who: Who; c: Coll; id: string }
  | { t: 'find'; who: Who; c: Coll; filter: FindFilter; limit: number; sort: 'none' | 'asc' | 'desc' };

const who = fc.constantFrom<Who>(...WHO);
const coll = fc.constantFrom<Coll>(...COLLS);
const id = fc.constantFrom('d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7');
const kind = fc.constantFrom<Kind>('a', 'b', 'c');
const owner = fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: undefined });
const body = fc.record({ owner_id: owner, kind, n: fc.integer({ min: 0, max: 9 }) }).map(stripUndefined);
const docArb = fc.tuple(id, body).map(([_id, b]) => ({ _id, ...b }) as ModelDoc);

const filterArb: fc.Arbitrary<FindFilter> = fc.oneof(
  fc.constant({}),
  kind.map((k) => ({ kind: k })),
  fc.tuple(kind, fc.integer({ min: 0, max: 9 })).map(([k, n]) => ({ kind: k, nGte: n })),
  fc.uniqueArray(kind, { minLength: 1, maxLength: 3 }).map((kinds) => ({ kinds })),
  fc.uniqueArray(id, { minLength: 1, maxLength: 4 }).map((ids) => ({ ids })),
);

/** Starting data, inserted by the service caller: documents of every owner (and unowned ones) in each collection. */
export const seedArb: fc.Arbitrary<Action[]> = fc
  .tuple(...COLLS.map((c) => fc.uniqueArray(docArb, { selector: (d) => d._id, minLength: 0, maxLength: 8 }).map((docs) => ({ c, docs }))))
  .map((parts) => parts.filter((p) => p.docs.length > 0).map(({ c, docs }) => ({ t: 'insert' as const, who: 'service' as const, c, docs })));

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('insert' as const), who, c: coll, docs: fc.array(docArb, { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('update' as const),
      who,
      c: coll,
      id,
      patch: fc.record({ kind: fc.option(kind, { nil: undefined }), n: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }), owner_id: owner }).map(stripUndefined),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('upsert' as const), who, c: coll, id, body, onConflict: fc.constantFrom<'replace' | 'merge' | 'error'>('replace', 'merge', 'error') }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), who, c: coll, id }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('get' as const), who, c: coll, id }) },
  {
    weight: 4,
    arbitrary: fc
      .record({ t: fc.constant('find' as const), who, c: coll, filter: filterArb, limit: fc.integer({ min: 1, max: 4 }), sort: fc.constantFrom<'none' | 'asc' | 'desc'>('none', 'asc', 'desc') })
      // an index cannot return _id order across several kinds ($in), so that combination is left unsorted
      .map((a) => (a.filter.kinds !== undefined ? { ...a, sort: 'none' as const } : a)),
  },
);

function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

// ------------------------------------------------------------------ running actions against a client

/** One call of the system under test: the data or the error code. */
export type Reply = { ok: true; value: unknown } | { ok: false; code: string };

export interface RlsClient {
  insert(who: Who, c: Coll, docs: ModelDoc[]): Promise<Reply>;
  update(who: Who, c: Coll, id: string, patch: Record<string, unknown>): Promise<Reply>;
  upsert(who: Who, c: Coll, id: string, body: Record<string, unknown>, onConflict: 'replace' | 'merge' | 'error'): Promise<Reply>;
  delete(who: Who, c: Coll, id: string): Promise<Reply>;
  /** the document, or null when not visible */
  get(who: Who, c: Coll, id: string): Promise<Reply>;
  /** one page: docs and next cursor */
  find(who: Who, c: Coll, query: Record<string, unknown>): Promise<Reply>;
}

/** Runs one action against the client and the model and asserts they agree. */
export async function check(client: RlsClient, model: RlsModel, action: Action): Promise<void> {
  const where = JSON.stringify(action);
  switch (action.t) {
    case 'insert': {
      const expected = model.insert(action.who, action.c, action.docs);
      agree(await client.insert(action.who, action.c, action.docs), expected, where);
      return;
    }
    case 'update': {
      const expected = model.update(action.who, action.c, action.id, action.patch);
      agree(await client.update(action.who, action.c, action.id, action.patch), expected, where);
      return;
    }
    case 'upsert': {
      const expected = model.upsert(action.who, action.c, action.id, action.body, action.onConflict);
      agree(await client.upsert(action.who, action.c, action.id, action.body, action.onConflict), expected, where);
      return;
    }
    case 'delete': {
      const expected = model.delete(action.who, action.c, action.id);
      agree(await client.delete(action.who, action.c, action.id), expected, where);
      return;
    }
    case 'get': {
      const expected = model.get(action.who, action.c, action.id);
      agree(await client.get(action.who, action.c, action.id), expected, where);
      return;
    }
    case 'find': {
      const expected = model.find(action.who, action.c, action.filter, action.sort === 'desc');
      const query: Record<string, unknown> = { limit: action.limit };
      const filter = queryFilter(action.filter);
      if (filter) query['filter'] = filter;
      if (action.sort !== 'none') query['sort'] = [{ field: '_id', order: action.sort }];
      // page through with the cursor: every page but the last is full, nothing repeats or leaks
      const seen: unknown[] = [];
      for (let page = 0; page < 50; page++) {
        const reply = await client.find(action.who, action.c, query);
        if (!reply.ok || !expected.ok) {
          agree(reply, expected, `${where} page ${page}`);
          return;
        }
        const { docs, next_cursor } = reply.value as { docs: unknown[]; next_cursor: string | null };
        seen.push(...docs);
        if (next_cursor === null) break;
        expect(docs.length, `${where}: a page with a cursor is full`).toBe(action.limit);
        query['cursor'] = next_cursor;
      }
      // without a sort the order is the chosen index's (which RLS may change): compare as a set
      if (action.sort === 'none') seen.sort((a, b) => ((a as ModelDoc)._id < (b as ModelDoc)._id ? -1 : 1));
      expect(seen, where).toEqual(expected.value);
      return;
    }
  }
}

function agree(actual: Reply, expected: Outcome, where: string): void {
  if (expected.ok) {
    if (!actual.ok) throw new Error(`${where}: expected success ${JSON.stringify(expected.value)}, got ${actual.code}`);
    expect(actual.value, where).toEqual(expected.value);
  } else {
    if (actual.ok) throw new Error(`${where}: expected ${expected.code}, got success ${JSON.stringify(actual.value)}`);
    expect(actual.code, where).toBe(expected.code);
  }
}
