import type { AppliedSchema } from '../types.js';
import { canonicalAppliedSchema } from './canonical-schema.js';

/**
 * The canonical text of schemas/<collection>.json: keys collection, schema_version, fields, indexes,
 * rls, projections; fields in declared order with their options in a fixed order; 2-space indent;
 * trailing newline. Equal schemas give byte-identical files.
 */
export function schemaToJsonFile(schema: AppliedSchema): string {
  return `${JSON.stringify(canonicalAppliedSchema(schema, schema.schema_version), null, 2)}\n`;
}
