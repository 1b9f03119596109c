// Property test (engine level, through db.withContext): three users, the anon caller and the service
// caller make random inserts (single and bulk), updates, upserts, deletes, gets and paged finds with
// random filters, sorts, limits and cursors over three collections with different policies. The
// reference model (rls-model.ts) must agree with every response: no leaked document, no wrongly
// refused one, full pages, and nothing left half-written by a refused bulk insert.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { CallContext, Database } from '../../../src/engine/database-types.js';
import { isAeroError } from '../../../src/engine/errors/aero-error.js';
import type { Doc, NewDoc } from '../../../src/engine/types.js';
import { actionArb, check, seedArb, COLLS, modelSchemas, RlsModel, type Coll, type ModelDoc, type Reply, type RlsClient, type Who } from './rls-model.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

function contextOf(who: Who): CallContext {
  if (who === 'service') return { caller: { kind: 'service' }, source: 'internal' };
  if (who === 'anon') return { caller: { kind: 'anon' }, source: 'internal' };
  return { caller: { kind: 'user', sub: who, role: 'authenticated' }, source: 'internal' };
}

async function reply(call: () => Promise<unknown>): Promise<Reply> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (isAeroError(error)) return { ok: false, code: error.code };
    throw error;
  }
}

class EngineClient implements RlsClient {
  constructor(private readonly db: Database) {}

  private as(who: Who): Database {
    return this.db.withContext(contextOf(who));
  }

  insert(who: Who, c: Coll, docs: ModelDoc[]): Promise<Reply> {
    return reply(async () => {
      if (docs.length === 1) return [(await this.as(who).insert(c, docs[0] as NewDoc)).data];
      return (await this.as(who).insert(c, docs as NewDoc[])).data;
    });
  }

  update(who: Who, c: Coll, id: string, patch: Record<string, unknown>): Promise<Reply> {
    return reply(async () => (await this.as(who).update(c, id, patch)).data);
  }

  upsert(who: Who, c: Coll, id: string, body: Record<string, unknown>, onConflict: 'replace' | 'merge' | 'error'): Promise<Reply> {
    return reply(async () => {
      const result = await this.as(who).upsert(c, id, body, { on_conflict: onConflict });
      return { doc: result.data, created: result.created };
    });
  }

  delete(who: Who, c: Coll, id: string): Promise<Reply> {
    return reply(async () => (await this.as(who).delete(c, id)).data);
  }

  get(who: Who, c: Coll, id: string): Promise<Reply> {
    return reply(() => this.as(who).get(c, id));
  }

  find(who: Who, c: Coll, query: Record<string, unknown>): Promise<Reply> {
    return reply(async () => {
      const result = await this.as(who).find(c, query);
      return { docs: result.data, next_cursor: result.next_cursor };
    });
  }
}

/** Everything stored equals the model (read with the service caller, which RLS does not filter). */
async function expectSameState(db: Database, model: RlsModel): Promise<void> {
  for (const c of COLLS) {
    const stored = (await db.find(c, { limit: 1000 })).data as Doc[];
    const expected = [...model.docs[c].values()].sort((a, b) => (a._id < b._id ? -1 : 1));
    expect(stored, c).toEqual(expected);
  }
}

describe('RLS property: the engine agrees with the reference model for every caller', () => {
  it(`random actions by anon, u1, u2, u3 and service (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.array(actionArb, { minLength: 1, maxLength: 40 }), async (seed, actions) => {
        const dir = mkdtempSync(join(tmpdir(), 'aerodb-rls-prop-'));
        const db = await openDatabase({ dir, fsync: false, walSegmentBytes: 256 * 1024 });
        try {
          await db.applySchemaOps(modelSchemas().map((schema) => ({ op: 'create_collection', schema })));
          const model = new RlsModel();
          const client = new EngineClient(db);
          for (const action of [...seed, ...actions]) await check(client, model, action);
          await expectSameState(db, model);
        } finally {
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
