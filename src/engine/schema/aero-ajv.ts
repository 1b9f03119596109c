import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { normaliseTimestamp } from './timestamp.js';

// ajv (CommonJS) is loaded on the first compile, not at import: commands that only read (migrate
// status, explain, oplog tail) never pay for loading it.
const requireFromHere = createRequire(import.meta.url);

/** Annotation keyword carrying the AeroDB field type into compiled JSON schemas (for error messages). */
export const AERO_TYPE_KEYWORD = 'aeroType';
export const INT_FORMAT = 'aero-int';
export const TIMESTAMP_FORMAT = 'aero-timestamp';

/**
 * The one ajv configuration AeroDB uses for schema shapes and documents: every error (allErrors),
 * with the failing data and schema attached (verbose) so messages can name the received type, strict
 * (a typo in a generated schema fails loudly), and the AeroDB formats for int and timestamp.
 */
export function createAeroAjv(): Ajv {
  const { Ajv: AjvClass } = requireFromHere('ajv') as typeof import('ajv');
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictRequired: false,
    // generated schemas are ours; skipping meta-validation keeps compiles cheap
    validateSchema: false,
    // defaults are applied by AeroDB itself on a copy, never by ajv on the caller's object
    useDefaults: false,
    coerceTypes: false,
    removeAdditional: false,
  });
  ajv.addKeyword({ keyword: AERO_TYPE_KEYWORD, schemaType: 'string' });
  ajv.addFormat(INT_FORMAT, { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
  ajv.addFormat(TIMESTAMP_FORMAT, { type: 'string', validate: (value: string) => normaliseTimestamp(value) !== null });
  return ajv;
}
