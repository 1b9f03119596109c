import { AeroError } from '../errors/aero-error.js';
import type { Doc, NewDoc } from '../types.js';
import { setOwn } from './document-normalise.js';
import { isPlainObject, jsonTypeOf } from './json-type.js';

/**
 * An update (merge): the old document with the patch's top-level keys laid over it. A key set to
 * null sets the field to null (full validation then accepts it only for nullable fields); a key
 * whose value is undefined is ignored (JSON has no undefined). To remove an optional field, replace
 * the document. `_id` may be repeated in the patch but never changed.
 */
export function mergePatch(old: Doc, patch: Record<string, unknown>): NewDoc {
  if (!isPlainObject(patch)) {
    const received = jsonTypeOf(patch);
    throw new AeroError('AERO_VALIDATION_FAILED', `An update patch for "${old._id}" must be a JSON object, got ${received}`, {
      details: { _id: old._id, errors: [{ pointer: '', rule: 'type', message: '(root) must be an object', received }] },
      hint: 'Send the fields to change as an object, e.g. { "title": "New title" }.',
    });
  }
  if ('_id' in patch && patch['_id'] !== undefined && patch['_id'] !== old._id) {
    throw new AeroError('AERO_VALIDATION_ID_MISMATCH', `The patch sets _id to ${JSON.stringify(patch['_id'])} but the document is "${old._id}"`, {
      details: { _id: old._id, patch_id: patch['_id'] },
      hint: 'Omit _id from the patch (it cannot change) or make it match the document.',
    });
  }
  const merged: NewDoc = { ...old };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) setOwn(merged, key, value);
  return merged;
}
