// Write-time integrity: every non-null reference value of a written document must name an existing
// document of the target collection, judged on the state AFTER the whole atomic unit (so a bulk
// insert may reference documents it inserts itself).
import { AeroError } from '../errors/aero-error.js';
import type { Doc } from '../types.js';
import type { ReferenceGraph } from './reference-graph.js';

/** Does `target` hold a document `_id` once the unit is applied? */
export type TargetExists = (target: string, id: string) => boolean;

/**
 * Throws AERO_REFERENCE_MISSING for the first reference (in document, then field order) whose target
 * is missing. `numbered` says whether documents are numbered in messages (bulk inserts).
 */
export function checkReferenceTargets(graph: ReferenceGraph, collection: string, docs: readonly Doc[], exists: TargetExists, numbered: boolean): void {
  const edges = graph.outgoing(collection);
  if (edges.length === 0) return;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    for (const edge of edges) {
      const value = doc[edge.field];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string' && exists(edge.target, value)) continue;
      const where = numbered ? `document #${i} ` : '';
      throw new AeroError('AERO_REFERENCE_MISSING', `${where}"${collection}/${doc._id}": field "${edge.field}" references ${JSON.stringify(value)} in "${edge.target}", which does not exist`, {
        details: { collection, _id: doc._id, field: edge.field, target_collection: edge.target, target_id: value, ...(numbered ? { index: i } : {}) },
        hint: `Create "${edge.target}/${String(value)}" first (or in the same bulk insert), or set "${edge.field}" to the _id of an existing ${edge.target} document.`,
      });
    }
  }
}
