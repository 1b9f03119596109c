import type { Doc } from '../../types.js';
import { opError, type OpRef } from './op-errors.js';
import type { WorkingSet } from './working-set.js';

/** How many offending _ids an error lists. */
export const LISTED_IDS = 5;

/**
 * Checks that every non-null value of a reference field in `docs` names an existing document of the
 * target collection (as the ops so far leave it). Throws AERO_REFERENCE_MISSING listing the first
 * offending _ids.
 */
export function checkReferenceValues(ws: WorkingSet, ref: OpRef, collection: string, field: string, target: string, docs: Iterable<Doc>): void {
  const targetIds = new Set<string>();
  if (ws.has(target)) for (const doc of ws.docs(target)) targetIds.add(doc._id);
  const dangling: Array<{ _id: string; value: unknown }> = [];
  for (const doc of docs) {
    const value = doc[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !targetIds.has(value)) dangling.push({ _id: doc._id, value });
  }
  if (dangling.length === 0) return;
  const listed = dangling.slice(0, LISTED_IDS);
  const shown = listed.map((d) => `"${d._id}" (${JSON.stringify(d.value)})`).join(', ');
  throw opError(ref, 'AERO_REFERENCE_MISSING', `${dangling.length} document(s) of "${collection}" have ${field} values with no matching _id in "${target}": ${shown}${dangling.length > LISTED_IDS ? ', ...' : ''}`, {
    details: { collection, field, target, count: dangling.length, ids: listed.map((d) => d._id), values: listed.map((d) => d.value) },
    hint: `Create the missing "${target}" documents or fix those ${field} values before this migration.`,
  });
}
