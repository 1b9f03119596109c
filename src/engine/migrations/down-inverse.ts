import type { SchemaOp } from '../types.js';
import { opLabel } from '../schema/ops/op-errors.js';

export interface DownMismatch {
  /** JSON pointer of the `up` op whose inverse is missing */
  pointer: string;
  message: string;
  /** the op `down` should contain */
  expected: string;
}

/**
 * Checks, where it can be checked from the file alone, that `down` undoes `up`: every `up` op
 * needs its inverse in `down` (add_field x -> remove_field x, rename a->b -> rename b->a, ...).
 * Ops whose inverse needs data (drop_collection, remove_field) only need the matching re-create.
 */
export function findDownMismatch(up: readonly SchemaOp[], down: readonly SchemaOp[]): DownMismatch | null {
  for (let i = 0; i < up.length; i++) {
    const op = up[i]!;
    const inverse = expectedInverse(op);
    if (!down.some((candidate) => inverse.matches(candidate))) {
      return { pointer: `/up/${i}`, message: `up[${i}] (${opLabel(op)}) has no inverse in down`, expected: inverse.text };
    }
  }
  if (up.length === 0 && down.length > 0) {
    return { pointer: '/down', message: 'down has operations but up is empty', expected: 'an empty down' };
  }
  return null;
}

interface Inverse {
  text: string;
  matches(op: SchemaOp): boolean;
}

function expectedInverse(op: SchemaOp): Inverse {
  switch (op.op) {
    case 'create_collection':
      return inv(`{"op":"drop_collection","collection":"${op.schema.collection}"}`, (d) => d.op === 'drop_collection' && d.collection === op.schema.collection);
    case 'drop_collection':
      return inv(`{"op":"create_collection","schema":{"collection":"${op.collection}",...}}`, (d) => d.op === 'create_collection' && d.schema.collection === op.collection);
    case 'rename_collection':
      return inv(`{"op":"rename_collection","from":"${op.to}","to":"${op.from}"}`, (d) => d.op === 'rename_collection' && d.from === op.to && d.to === op.from);
    case 'add_field':
      return inv(`{"op":"remove_field","collection":"${op.collection}","field":"${op.field.name}"}`, (d) => d.op === 'remove_field' && d.collection === op.collection && d.field === op.field.name);
    case 'remove_field':
      return inv(`{"op":"add_field","collection":"${op.collection}","field":{"name":"${op.field}",...}}`, (d) => d.op === 'add_field' && d.collection === op.collection && d.field.name === op.field);
    case 'rename_field':
      return inv(`{"op":"rename_field","collection":"${op.collection}","from":"${op.to}","to":"${op.from}"}`, (d) => d.op === 'rename_field' && d.collection === op.collection && d.from === op.to && d.to === op.from);
    case 'change_field':
      return inv(`{"op":"change_field","collection":"${op.collection}","field":{"name":"${op.field.name}",...previous definition}}`, (d) => d.op === 'change_field' && d.collection === op.collection && d.field.name === op.field.name);
    case 'add_index':
      return inv(`{"op":"drop_index","collection":"${op.collection}","name":"${op.index.name}"}`, (d) => d.op === 'drop_index' && d.collection === op.collection && d.name === op.index.name);
    case 'drop_index':
      return inv(`{"op":"add_index","collection":"${op.collection}","index":{"name":"${op.name}",...}}`, (d) => d.op === 'add_index' && d.collection === op.collection && d.index.name === op.name);
    case 'set_rls':
      return inv(`{"op":"set_rls","collection":"${op.collection}","rls":{...previous rules}}`, (d) => d.op === 'set_rls' && d.collection === op.collection);
    case 'add_projection':
      return inv(`{"op":"drop_projection","collection":"${op.collection}","name":"${op.projection.name}"}`, (d) => d.op === 'drop_projection' && d.collection === op.collection && d.name === op.projection.name);
    case 'drop_projection':
      return inv(`{"op":"add_projection","collection":"${op.collection}","projection":{"name":"${op.name}",...}}`, (d) => d.op === 'add_projection' && d.collection === op.collection && d.projection.name === op.name);
  }
}

function inv(text: string, matches: (op: SchemaOp) => boolean): Inverse {
  return { text, matches };
}
