// Schema operations on live data through the Database: backfills, re-normalisation, renames, drop
// and re-create, each leaving the same state (schemas, documents, plans) after close + reopen and
// after checkpoint + reopen, with WAL segments small enough to roll over.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import type { FieldDef } from '../../../src/engine/types.js';
import { TempDirs } from './temp-dirs.js';

const temp = new TempDirs();
afterEach(() => temp.removeAll());

const ID: Record<string, FieldDef> = { _id: { type: 'string', required: true } };
const open = (dir: string) => openDatabase({ dir, fsync: false, walSegmentBytes: 2048 });

/** Schemas, every document of every collection, and one plan per collection, as text. */
async function state(db: Database): Promise<string> {
  const out: Record<string, unknown> = { lsn: db.lsn, schemas: db.schemas() };
  for (const schema of db.schemas()) {
    // one schema reads as it does in the list, byte for byte (before and after reopen alike)
    expect(JSON.stringify(db.schema(schema.collection))).toBe(JSON.stringify(schema));
    out[schema.collection] = (await db.find(schema.collection, { limit: 100 })).data;
    const first = schema.indexes?.[0];
    if (first) out[`${schema.collection}.plan`] = await db.explain(schema.collection, { filter: { [first.fields[0]!]: 'x' }, limit: 5 });
  }
  return JSON.stringify(out);
}

describe('schema operations on live data survive reopen', () => {
  it('add_field backfill, change_field normalisation, rename_field, rename_collection, drop and re-create', async () => {
    const dir = temp.make();
    let db = await open(dir);
    await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'a', fields: { ...ID, s: { type: 'string' }, t: { type: 'string' } }, indexes: [{ name: 's_idx', fields: ['s'] }] } }]);
    await db.insert('a', [{ _id: '1', s: 'x', t: '2026-01-01T01:00:00+01:00' }, { _id: '2', s: 'y' }, { _id: '3' }]);

    // one call, one version bump, however many ops touch the collection
    await db.applySchemaOps([
      { op: 'add_field', collection: 'a', field: { name: 'n', type: 'int', default: 5 } },
      { op: 'add_index', collection: 'a', index: { name: 'n_idx', fields: ['n'] } },
    ]);
    expect(db.schema('a')?.schema_version).toBe(2);
    expect((await db.find('a', { filter: { n: 5 }, limit: 10 })).data.map((d) => d._id)).toEqual(['1', '2', '3']);

    // string -> timestamp re-normalises the stored value
    await db.applySchemaOps([{ op: 'change_field', collection: 'a', field: { name: 't', type: 'timestamp' } }]);
    expect((await db.get('a', '1'))?.['t']).toBe('2026-01-01T00:00:00.000Z');

    // the index follows the rename, and so do the documents
    await db.applySchemaOps([{ op: 'rename_field', collection: 'a', from: 's', to: 'k' }]);
    const renamed = await db.find('a', { filter: { k: 'x' }, limit: 5 });
    expect(renamed.explain).toMatchObject({ scan: 'INDEX_EQ', index: 's_idx', index_fields: ['k'] });
    expect(renamed.data.map((d) => d._id)).toEqual(['1']);

    await db.applySchemaOps([{ op: 'rename_collection', from: 'a', to: 'b' }]);
    await db.insert('b', { _id: '4', k: 'z' });
    expect((await db.get('b', '4'))?.['n']).toBe(5);
    await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'a', fields: { ...ID, q: { type: 'bool' } } } }]);
    await db.insert('a', { _id: 'x', q: true });
    await expect(db.insert('a', { _id: 'y', s: 'x' })).rejects.toMatchObject({ code: 'AERO_VALIDATION_FAILED' });

    const before = await state(db);
    await db.close();
    db = await open(dir);
    expect(await state(db)).toBe(before);

    await db.checkpoint();
    await db.applySchemaOps([{ op: 'drop_collection', collection: 'a' }]);
    expect(db.schema('a')).toBeUndefined();
    await expect(db.find('a', { limit: 1 })).rejects.toMatchObject({ code: 'AERO_SCHEMA_UNKNOWN_COLLECTION' });
    // a re-created collection starts over: version 1, no documents, the new schema's validator
    await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'a', fields: { ...ID, s: { type: 'string' } }, indexes: [{ name: 's_idx', fields: ['s'] }] } }]);
    expect(db.schema('a')?.schema_version).toBe(1);
    expect((await db.find('a', { limit: 10 })).data).toEqual([]);
    await expect(db.insert('a', { _id: 'z', q: true })).rejects.toMatchObject({ code: 'AERO_VALIDATION_FAILED' });
    await db.insert('a', { _id: 'z', s: 'x' });

    const after = await state(db);
    await db.close();
    db = await open(dir);
    expect(await state(db)).toBe(after);
    await db.checkpoint();
    await db.close();
    db = await open(dir);
    expect(await state(db)).toBe(after);
    await db.close();
  });

  it('remove_field strips the field from every document; a failed op in the same call keeps it', async () => {
    const dir = temp.make();
    let db = await open(dir);
    await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'c', fields: { ...ID, a: { type: 'string' }, b: { type: 'int' } }, indexes: [{ name: 'a_idx', fields: ['a'] }] } }]);
    await db.insert('c', [{ _id: '1', a: 'x', b: 1 }, { _id: '2', a: 'y' }]);
    await expect(
      db.applySchemaOps([
        { op: 'remove_field', collection: 'c', field: 'b' },
        { op: 'remove_field', collection: 'c', field: 'a' },
      ]),
    ).rejects.toMatchObject({ code: 'AERO_SCHEMA_FIELD_IN_USE', details: { op: 1, field: 'a', users: ['index "a_idx"'] } });
    expect(await db.get('c', '1')).toEqual({ _id: '1', a: 'x', b: 1 });

    await db.applySchemaOps([{ op: 'remove_field', collection: 'c', field: 'b' }]);
    expect(await db.get('c', '1')).toEqual({ _id: '1', a: 'x' });
    await expect(db.update('c', '1', { b: 2 })).rejects.toMatchObject({ code: 'AERO_VALIDATION_FAILED' });
    await db.close();
    db = await open(dir);
    expect(await db.get('c', '1')).toEqual({ _id: '1', a: 'x' });
    expect(db.schema('c')?.schema_version).toBe(2);
    await db.close();
  });
});
