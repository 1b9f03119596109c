import { describe, expect, test } from 'vitest';
import { validateSchemaOp } from '../../../src/engine/schema/validate-schema-op.js';
import { SchemaValidators } from '../../../src/engine/schema/schema-validators.js';
import { catchAero, postsSchema } from './fixtures.js';

const validators = new SchemaValidators();
const check = (op: unknown) => validateSchemaOp(op, '/up/2', validators);

describe('validateSchemaOp', () => {
  test('every SPEC §7 op shape is accepted and returned as a copy', () => {
    const ops = [
      { op: 'create_collection', schema: postsSchema() },
      { op: 'drop_collection', collection: 'c' },
      { op: 'rename_collection', from: 'a', to: 'b' },
      { op: 'add_field', collection: 'users', field: { name: 'email_verified', type: 'bool', default: false } },
      { op: 'remove_field', collection: 'c', field: 'x' },
      { op: 'rename_field', collection: 'c', from: 'a', to: 'b' },
      { op: 'change_field', collection: 'c', field: { name: 'x', type: 'int', required: true, default: 0 } },
      { op: 'add_index', collection: 'c', index: { name: 'i', fields: ['x'], unique: true } },
      { op: 'drop_index', collection: 'c', name: 'i' },
      { op: 'set_rls', collection: 'c', rls: { read: 'public' } },
      { op: 'add_projection', collection: 'c', projection: { name: 'p', fields: ['x'], filter: { x: 1 } } },
      { op: 'drop_projection', collection: 'c', name: 'p' },
    ];
    for (const op of ops) {
      const out = check(op);
      expect(out).toEqual(op);
      expect(out).not.toBe(op);
    }
  });
  test('unknown op', () => {
    const err = catchAero(() => check({ op: 'add_fields', collection: 'c' }));
    expect(err.code).toBe('AERO_SCHEMA_INVALID');
    expect(err.details).toMatchObject({ pointer: '/up/2/op', reason: 'unknown op "add_fields"' });
    expect(err.hint).toContain('add_field');
  });
  test('missing op, missing keys, unknown keys, wrong types', () => {
    expect(catchAero(() => check({ collection: 'c' })).details['pointer']).toBe('/up/2/op');
    expect(catchAero(() => check({ op: 'remove_field', collection: 'c' })).details).toMatchObject({ pointer: '/up/2/field', reason: 'missing required key "field"' });
    expect(catchAero(() => check({ op: 'drop_index', collection: 'c', name: 'i', force: true })).details).toMatchObject({ pointer: '/up/2/force', reason: 'unknown key "force"' });
    expect(catchAero(() => check({ op: 'remove_field', collection: 'c', field: { name: 'x' } })).details['pointer']).toBe('/up/2/field');
    expect(catchAero(() => check('drop_collection')).details['pointer']).toBe('/up/2');
  });
  test('nested field definitions and schemas are checked structurally', () => {
    expect(catchAero(() => check({ op: 'add_field', collection: 'c', field: { type: 'bool' } })).details['pointer']).toBe('/up/2/field/name');
    expect(catchAero(() => check({ op: 'add_field', collection: 'c', field: { name: 'x', type: 'boolean' } })).details['pointer']).toBe('/up/2/field/type');
    expect(catchAero(() => check({ op: 'create_collection', schema: { collection: 'c', fields: { _id: { type: 'string', reqired: true } } } })).details['pointer']).toBe('/up/2/schema/fields/_id/reqired');
  });
});
