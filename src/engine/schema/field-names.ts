import type { FieldType } from '../types.js';

/** Field names: a letter, then letters, digits and _. Leading _ is reserved (_id, _expanded, _score). */
export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const FIELD_NAME_RULE = 'Field names start with a letter and use only letters, digits and _ (at most 64 characters); names starting with _ are reserved for AeroDB (_id, _expanded, _score).';

/** Collection names (SPEC): lowercase letter, then lowercase letters, digits and _. */
export const COLLECTION_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const COLLECTION_NAME_RULE = 'Collection names start with a lowercase letter and use only a-z, 0-9 and _ (at most 63 characters).';

/** Index and projection names. */
export const DEFINITION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
export const DEFINITION_NAME_RULE = 'Names start with a letter and use only letters, digits and _ (at most 63 characters).';

/** Field types an index (and a filter) can order and compare. */
export const SCALAR_FIELD_TYPES: readonly FieldType[] = ['string', 'int', 'float', 'bool', 'timestamp', 'reference'];

export function isScalarFieldType(type: FieldType): boolean {
  return SCALAR_FIELD_TYPES.includes(type);
}
