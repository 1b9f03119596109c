// Opens AeroDB from the BUILT package (dist/), as a user of `aerodb/engine` would, with the bench
// collection created on first open.
import { COLLECTION, ITEMS_SCHEMA } from './documents.mjs';

const ENGINE_URL = new URL('../../dist/engine/index.js', import.meta.url);

export async function loadEngine() {
  try {
    return await import(ENGINE_URL.href);
  } catch (error) {
    throw new Error(`Cannot load the built engine (${ENGINE_URL.pathname}): run \`npm run build\` first.\n${error.message}`);
  }
}

export async function openAerodb(engine, dir, options) {
  const db = await engine.openDatabase({ dir, ...options });
  if (db.schema(COLLECTION) === undefined) {
    await db.applySchemaOps([{ op: 'create_collection', schema: ITEMS_SCHEMA }]);
  }
  return db;
}

/**
 * The engine a database opened with the operation log wraps (ObservedDatabase's TypeScript-private
 * `inner`): the same data, unlogged. bench:oplog's "off" side.
 */
export function unloggedInner(db) {
  const inner = db.inner;
  if (inner === undefined || inner.oplog !== null) throw new Error('the logged database no longer exposes its unlogged inner database (ObservedDatabase.inner)');
  return inner;
}
