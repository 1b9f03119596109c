// Public entry of `aerodb/engine`.
export { openDatabase } from './database.js';
export type * from './database-types.js';
export type * from './types.js';
export type * from './query/explain-types.js';
export { AeroError, isAeroError, type AeroErrorJSON } from './errors/aero-error.js';
export { ERROR_REGISTRY, type ErrorCode, type ErrorSpec } from './errors/registry.js';
