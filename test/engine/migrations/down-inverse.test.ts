import { describe, expect, it } from 'vitest';
import { findDownMismatch } from '../../../src/engine/migrations/down-inverse.js';
import type { SchemaOp } from '../../../src/engine/types.js';

const schema = { collection: 'c', fields: { _id: { type: 'string' as const, required: true } } };

describe('down inverts up', () => {
  const pairs: Array<[SchemaOp, SchemaOp]> = [
    [{ op: 'create_collection', schema }, { op: 'drop_collection', collection: 'c' }],
    [{ op: 'drop_collection', collection: 'c' }, { op: 'create_collection', schema }],
    [{ op: 'rename_collection', from: 'a', to: 'b' }, { op: 'rename_collection', from: 'b', to: 'a' }],
    [{ op: 'add_field', collection: 'c', field: { name: 'x', type: 'bool', default: false } }, { op: 'remove_field', collection: 'c', field: 'x' }],
    [{ op: 'remove_field', collection: 'c', field: 'x' }, { op: 'add_field', collection: 'c', field: { name: 'x', type: 'bool' } }],
    [{ op: 'rename_field', collection: 'c', from: 'a', to: 'b' }, { op: 'rename_field', collection: 'c', from: 'b', to: 'a' }],
    [{ op: 'change_field', collection: 'c', field: { name: 'x', type: 'int' } }, { op: 'change_field', collection: 'c', field: { name: 'x', type: 'float' } }],
    [{ op: 'add_index', collection: 'c', index: { name: 'i', fields: ['x'] } }, { op: 'drop_index', collection: 'c', name: 'i' }],
    [{ op: 'drop_index', collection: 'c', name: 'i' }, { op: 'add_index', collection: 'c', index: { name: 'i', fields: ['x'] } }],
    [{ op: 'set_rls', collection: 'c', rls: { read: 'public' } }, { op: 'set_rls', collection: 'c', rls: {} }],
    [{ op: 'add_projection', collection: 'c', projection: { name: 'p', fields: ['_id'] } }, { op: 'drop_projection', collection: 'c', name: 'p' }],
    [{ op: 'drop_projection', collection: 'c', name: 'p' }, { op: 'add_projection', collection: 'c', projection: { name: 'p', fields: ['_id'] } }],
  ];

  it.each(pairs.map(([up, down]) => [up.op, up, down] as const))('%s has an accepted inverse', (_name, up, down) => {
    expect(findDownMismatch([up], [down])).toBeNull();
  });

  it('reports add_field whose down does not remove that field', () => {
    const mismatch = findDownMismatch(
      [{ op: 'add_index', collection: 'c', index: { name: 'i', fields: ['x'] } }, { op: 'add_field', collection: 'c', field: { name: 'x', type: 'bool', default: false } }],
      [{ op: 'drop_index', collection: 'c', name: 'i' }, { op: 'remove_field', collection: 'c', field: 'y' }],
    );
    expect(mismatch).toEqual({
      pointer: '/up/1',
      message: 'up[1] (add_field c.x) has no inverse in down',
      expected: '{"op":"remove_field","collection":"c","field":"x"}',
    });
  });

  it('reports an empty down for a non-empty up and a rename that is not reversed', () => {
    expect(findDownMismatch([{ op: 'drop_index', collection: 'c', name: 'i' }], [])?.pointer).toBe('/up/0');
    expect(findDownMismatch([{ op: 'rename_field', collection: 'c', from: 'a', to: 'b' }], [{ op: 'rename_field', collection: 'c', from: 'a', to: 'b' }])).not.toBeNull();
    expect(findDownMismatch([], [])).toBeNull();
  });
});
