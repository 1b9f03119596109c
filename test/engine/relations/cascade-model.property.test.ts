// Property test: random users/posts/comments graphs with random on_delete actions and random deletes,
// checked after every step against a reference model that recomputes the cascade by fixpoint over
// every document (not through any index): the same documents survive, restrict blocks exactly when
// the model says so (and then nothing changes), counts match, no dangling reference ever survives,
// and all of it still holds after close + reopen (WAL replay) and after a checkpoint + reopen.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import type { Doc } from '../../../src/engine/types.js';
import { graphSchemaOps, TempDirs, type GraphActions, type OnDelete } from './relations-fixture.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

type Collection = 'users' | 'posts' | 'comments';
const COLLECTIONS: Collection[] = ['comments', 'posts', 'users'];
type Model = Record<Collection, Map<string, Record<string, unknown>>>;

interface Edge {
  source: Collection;
  field: string;
  target: Collection;
  action: OnDelete;
}

function edgesOf(actions: GraphActions): Edge[] {
  return [
    { source: 'posts', field: 'author_id', target: 'users', action: actions.postAuthor },
    { source: 'comments', field: 'post_id', target: 'posts', action: actions.commentPost },
    { source: 'comments', field: 'author_id', target: 'users', action: actions.commentAuthor },
    { source: 'users', field: 'manager_id', target: 'users', action: actions.userManager },
  ];
}

type Outcome = { ok: true; cascaded: Record<string, number>; set_null: Record<string, number> } | { ok: false; code: string };

/** The model's delete: closure by fixpoint over all documents, then restrict, then set_null. */
function modelDelete(model: Model, edges: Edge[], collection: Collection, id: string): Outcome {
  if (!model[collection].has(id)) return { ok: false, code: 'AERO_NOT_FOUND' };
  const closure = new Set<string>([`${collection}/${id}`]);
  const has = (c: Collection, docId: unknown): boolean => typeof docId === 'string' && closure.has(`${c}/${docId}`);
  for (let changed = true; changed; ) {
    changed = false;
    for (const edge of edges) {
      if (edge.action !== 'cascade') continue;
      for (const [docId, doc] of model[edge.source]) {
        if (!closure.has(`${edge.source}/${docId}`) && has(edge.target, doc[edge.field])) {
          closure.add(`${edge.source}/${docId}`);
          changed = true;
        }
      }
    }
  }
  for (const edge of edges) {
    if (edge.action !== 'restrict') continue;
    for (const [docId, doc] of model[edge.source]) {
      if (!closure.has(`${edge.source}/${docId}`) && has(edge.target, doc[edge.field])) return { ok: false, code: 'AERO_REFERENCE_RESTRICT' };
    }
  }
  const nulled = new Set<string>();
  for (const edge of edges) {
    if (edge.action !== 'set_null') continue;
    for (const [docId, doc] of model[edge.source]) {
      if (!closure.has(`${edge.source}/${docId}`) && has(edge.target, doc[edge.field])) {
        model[edge.source].set(docId, { ...doc, [edge.field]: null });
        nulled.add(`${edge.source}/${docId}`);
      }
    }
  }
  for (const key of closure) {
    const [c, docId] = key.split('/') as [Collection, string];
    model[c].delete(docId);
  }
  return { ok: true, cascaded: countByCollection([...closure].filter((k) => k !== `${collection}/${id}`)), set_null: countByCollection([...nulled]) };
}

function countByCollection(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of COLLECTIONS) {
    const n = keys.filter((k) => k.startsWith(`${c}/`)).length;
    if (n > 0) out[c] = n;
  }
  return out;
}

async function engineDelete(db: Database, collection: Collection, id: string): Promise<Outcome> {
  try {
    const result = await db.delete(collection, id);
    return { ok: true, cascaded: result.cascaded ?? {}, set_null: result.set_null ?? {} };
  } catch (error) {
    if (isAeroError(error)) return { ok: false, code: error.code };
    throw error;
  }
}

async function engineState(db: Database): Promise<Record<Collection, Record<string, unknown>[]>> {
  const out = {} as Record<Collection, Record<string, unknown>[]>;
  for (const c of COLLECTIONS) out[c] = (await db.find(c, { limit: 1000 })).data.map((d: Doc) => ({ ...d }));
  return out;
}

function modelState(model: Model): Record<Collection, Record<string, unknown>[]> {
  const out = {} as Record<Collection, Record<string, unknown>[]>;
  for (const c of COLLECTIONS) out[c] = [...model[c].values()].sort((a, b) => ((a._id as string) < (b._id as string) ? -1 : 1));
  return out;
}

function assertNoDangling(state: Record<Collection, Record<string, unknown>[]>, edges: Edge[]): void {
  for (const edge of edges) {
    const targets = new Set(state[edge.target].map((d) => d._id));
    for (const doc of state[edge.source]) {
      const value = doc[edge.field];
      if (value !== null && value !== undefined) expect(targets.has(value), `${edge.source}/${String(doc._id)}.${edge.field} -> ${String(value)}`).toBe(true);
    }
  }
}

const actionArb = fc.constantFrom<OnDelete>('restrict', 'cascade', 'set_null');
const actionsArb = fc.record({ postAuthor: actionArb, commentPost: actionArb, commentAuthor: actionArb, userManager: actionArb });
const graphArb = fc
  .record({ users: fc.integer({ min: 1, max: 6 }), posts: fc.integer({ min: 0, max: 8 }), comments: fc.integer({ min: 0, max: 10 }) })
  .chain((n) =>
    fc.record({
      managers: fc.array(fc.option(fc.nat(n.users - 1), { nil: null }), { minLength: n.users, maxLength: n.users }),
      postAuthors: fc.array(fc.option(fc.nat(n.users - 1), { nil: null }), { minLength: n.posts, maxLength: n.posts }),
      commentPosts: fc.array(n.posts > 0 ? fc.option(fc.nat(n.posts - 1), { nil: null }) : fc.constant(null), { minLength: n.comments, maxLength: n.comments }),
      commentAuthors: fc.array(fc.option(fc.nat(n.users - 1), { nil: null }), { minLength: n.comments, maxLength: n.comments }),
    }),
  );
const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('delete' as const), collection: fc.constantFrom<Collection>('users', 'posts', 'comments'), pick: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('reopen' as const, 'checkpoint' as const) }) },
);

describe('cascade / restrict / set_null against a reference model', () => {
  it(`random graphs and deletes (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(actionsArb, graphArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (actions, graph, steps) => {
        const dir = dirs.make('aerodb-cascade-');
        let db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1 << 20 });
        try {
          await db.applySchemaOps(graphSchemaOps(actions));
          const edges = edgesOf(actions);
          const model: Model = { users: new Map(), posts: new Map(), comments: new Map() };
          const users = graph.managers.map((m, i) => ({ _id: `u${i}`, name: `user ${i}`, manager_id: m === null ? null : `u${m}` }));
          const posts = graph.postAuthors.map((a, i) => ({ _id: `p${i}`, title: `post ${i}`, author_id: a === null ? null : `u${a}` }));
          const comments = graph.commentPosts.map((p, i) => ({ _id: `c${i}`, body: `comment ${i}`, post_id: p === null ? null : `p${p}`, author_id: graph.commentAuthors[i] === null ? null : `u${graph.commentAuthors[i]}` }));
          await db.insert('users', users);
          if (posts.length > 0) await db.insert('posts', posts);
          if (comments.length > 0) await db.insert('comments', comments);
          for (const d of users) model.users.set(d._id, d);
          for (const d of posts) model.posts.set(d._id, d);
          for (const d of comments) model.comments.set(d._id, d);

          for (const step of steps) {
            if (step.kind === 'reopen' || step.kind === 'checkpoint') {
              if (step.kind === 'checkpoint') await db.checkpoint();
              await db.close();
              db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1 << 20 });
            } else {
              const id = `${step.collection[0]}${step.pick}`;
              const expected = modelDelete(model, edges, step.collection, id);
              const actual = await engineDelete(db, step.collection, id);
              expect(actual).toEqual(expected);
            }
            const state = await engineState(db);
            expect(state).toEqual(modelState(model));
            assertNoDangling(state, edges);
          }
          await db.close();
          db = await openDatabase({ dir, fsync: false, walSegmentBytes: 1 << 20 });
          expect(await engineState(db)).toEqual(modelState(model));
        } finally {
          await db.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
