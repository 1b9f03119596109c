import { AeroError } from '../../errors/aero-error.js';
import type { ErrorCode } from '../../errors/registry.js';
import type { SchemaOp } from '../../types.js';

/** A short name of an op for messages: "add_field posts.title". */
export function opLabel(op: SchemaOp): string {
  switch (op.op) {
    case 'create_collection':
      return `create_collection ${op.schema.collection}`;
    case 'drop_collection':
      return `drop_collection ${op.collection}`;
    case 'rename_collection':
      return `rename_collection ${op.from} -> ${op.to}`;
    case 'add_field':
    case 'change_field':
      return `${op.op} ${op.collection}.${op.field.name}`;
    case 'remove_field':
      return `remove_field ${op.collection}.${op.field}`;
    case 'rename_field':
      return `rename_field ${op.collection}.${op.from} -> ${op.to}`;
    case 'add_index':
      return `add_index ${op.collection}.${op.index.name}`;
    case 'add_projection':
      return `add_projection ${op.collection}.${op.projection.name}`;
    case 'drop_index':
    case 'drop_projection':
      return `${op.op} ${op.collection}.${op.name}`;
    case 'set_rls':
      return `set_rls ${op.collection}`;
  }
}

/** The op being planned, for error context. */
export interface OpRef {
  index: number;
  op: SchemaOp;
}

/** An error of one op: the message starts with "op N (label):", details.op is N. */
export function opError(ref: OpRef, code: ErrorCode, message: string, options: { details?: Record<string, unknown>; hint?: string } = {}): AeroError {
  return new AeroError(code, `op ${ref.index} (${opLabel(ref.op)}): ${message}`, {
    details: { op: ref.index, ...(options.details ?? {}) },
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}

/** Runs fn; an AeroError without op context gets it (message prefix and details.op). */
export function withOpContext<T>(ref: OpRef, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof AeroError) || 'op' in err.details) throw err;
    throw new AeroError(err.code, `op ${ref.index} (${opLabel(ref.op)}): ${err.message}`, {
      details: { ...err.details, op: ref.index },
      hint: err.hint,
      cause: err,
    });
  }
}
