// Constructors for the query errors raised in several places, so messages and details stay uniform.
import { AeroError } from '../errors/aero-error.js';
import type { AppliedSchema } from '../types.js';

/** AERO_QUERY_INVALID naming the culprit; details always carry `field` (null when not about a field). */
export function invalidQuery(message: string, field: string | null, details: Record<string, unknown> = {}, hint?: string): AeroError {
  return new AeroError('AERO_QUERY_INVALID', message, hint === undefined ? { details: { field, ...details } } : { details: { field, ...details }, hint });
}

/** AERO_SCHEMA_UNKNOWN_FIELD for a field a query names (`where`: "filter", "sort", "fields"). */
export function unknownField(schema: AppliedSchema, field: string, where: string): AeroError {
  const declared = Object.keys(schema.fields).sort();
  return new AeroError('AERO_SCHEMA_UNKNOWN_FIELD', `${where} names field "${field}", which ${schema.collection} does not declare`, {
    details: { field, collection: schema.collection, declared },
    hint: `Use one of the declared fields (${declared.join(', ')}), or declare "${field}" with an add_field migration.`,
  });
}

/** The received value's JSON type, for "expected X, got Y" messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
