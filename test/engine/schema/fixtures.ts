// Shared test data for the schema tests: SPEC-like schemas and an in-memory state the planner reads.
import type { AppliedSchema, CollectionSchema, Doc, WalOp } from '../../../src/engine/types.js';
import type { SchemaStateView } from '../../../src/engine/schema/ops/schema-ops-types.js';
import { AeroError } from '../../../src/engine/errors/aero-error.js';

export function usersSchema(): CollectionSchema {
  return {
    collection: 'users',
    fields: {
      _id: { type: 'string', required: true },
      name: { type: 'string', required: true },
      email: { type: 'string' },
    },
    indexes: [{ name: 'email_unique', fields: ['email'], unique: true }],
  };
}

/** The SPEC §3 example (plus the email field its email_unique index needs). */
export function postsSchema(): CollectionSchema {
  return {
    collection: 'posts',
    fields: {
      _id: { type: 'string', required: true },
      title: { type: 'string', required: true, maxLength: 200 },
      body: { type: 'string' },
      email: { type: 'string' },
      status: { type: 'string', enum: ['draft', 'published'], required: true },
      views: { type: 'int' },
      score: { type: 'float' },
      published: { type: 'bool' },
      created_at: { type: 'timestamp', required: true },
      tags: { type: 'array', items: { type: 'string' } },
      meta: { type: 'object', fields: { lang: { type: 'string' } } },
      author_id: { type: 'reference', target_collection: 'users', target_field: '_id', on_delete: 'restrict', required: true },
    },
    indexes: [
      { name: 'status_idx', fields: ['status'] },
      { name: 'author_created', fields: ['author_id', 'created_at'] },
      { name: 'email_unique', fields: ['email'], unique: true },
      { name: 'content_search', type: 'text', fields: ['title', 'body'], config: { language: 'english', weights: { title: 2.0, body: 1.0 }, ranking: 'bm25' } },
    ],
    rls: { read: 'public', create: 'authenticated', update: 'owner', delete: 'owner', owner_field: 'author_id' },
    projections: [{ name: 'published_titles', fields: ['_id', 'title', 'created_at'], filter: { status: 'published' } }],
  };
}

export function applied(schema: CollectionSchema, version = 1): AppliedSchema {
  return { ...structuredClone(schema), schema_version: version };
}

/** A read-only state (docs sorted by _id, frozen like stored documents). */
export function memoryState(schemas: AppliedSchema[], docs: Record<string, Array<Record<string, unknown>>> = {}): SchemaStateView & { data: Map<string, Doc[]> } {
  const data = new Map<string, Doc[]>();
  for (const [collection, list] of Object.entries(docs)) {
    data.set(collection, list.map((d) => deepFreezeForTest(sortKeys(d)) as Doc).sort((a, b) => (a._id < b._id ? -1 : 1)));
  }
  return {
    schemas: new Map(schemas.map((s) => [s.collection, deepFreezeForTest(s)])),
    docs: (collection) => data.get(collection) ?? [],
    data,
  };
}

/** Stored documents have their keys sorted at every level. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Replays walOps on the state's documents the way the lead's storage does. */
export function replay(state: { data: Map<string, Doc[]> }, walOps: WalOp[]): Map<string, Map<string, Doc>> {
  const out = new Map<string, Map<string, Doc>>();
  for (const [c, list] of state.data) out.set(c, new Map(list.map((d) => [d._id, d])));
  const coll = (c: string) => {
    let m = out.get(c);
    if (!m) out.set(c, (m = new Map()));
    return m;
  };
  for (const op of walOps) {
    if (op.o === 'put') coll(op.c).set(op.d._id, op.d);
    else if (op.o === 'del') coll(op.c).delete(op.id);
    else if (op.o === 'drop') out.delete(op.c);
    else {
      const moved = out.get(op.from) ?? new Map();
      if ((out.get(op.to)?.size ?? 0) > 0) throw new Error(`move into non-empty ${op.to}`);
      out.delete(op.from);
      out.set(op.to, moved);
    }
  }
  return out;
}

export function deepFreezeForTest<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreezeForTest(child);
    Object.freeze(value);
  }
  return value;
}

/** Runs fn, expects an AeroError, returns it. */
export function catchAero(fn: () => unknown): AeroError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AeroError) return err;
    throw err;
  }
  throw new Error('expected an AeroError, nothing was thrown');
}
