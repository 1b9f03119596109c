// Orders a whole collection's documents by an index key without one B+ tree insertion per document,
// so the tree can be bulk-loaded (open, add_index): documents sorted by _id once (already sorted when
// they come from a checkpoint, which TimSort notices in one pass), then every secondary index by
// grouping on its field values, which keeps _id order inside each group.
import type { Doc } from '../types.js';
import type { FieldReader } from './field-reader.js';
import { compareValues } from './value-order.js';

/** `docs` sorted by _id (a new array; stable, so equal ids keep their order). */
export function sortById(docs: readonly Doc[]): Doc[] {
  return [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** Returned when documents cannot be ordered by grouping (an indexed value that is an array or object). */
export const NOT_GROUPABLE: unique symbol = Symbol('aerodb.notGroupable');

export interface GroupedEntries {
  /** documents in key order: [field values..., _id] */
  docs: Doc[];
  /** whether two documents share all field values with none of them absent or null (a unique clash) */
  clash: boolean;
}

/**
 * Orders `byId` (documents sorted by _id) by [fields read by `readers`..., _id]: grouped by each
 * field in turn (a Map keyed by the value: SameValueZero identifies exactly the scalars the total
 * order calls equal, 1 and 1.0, -0 and 0), distinct values sorted in the total order.
 */
export function orderByFields(byId: readonly Doc[], readers: readonly FieldReader[]): GroupedEntries | typeof NOT_GROUPABLE {
  const out: Doc[] = [];
  const result: GroupedEntries = { docs: out, clash: false };
  return appendGroups(byId, readers, 0, false, out, result) ? result : NOT_GROUPABLE;
}

function appendGroups(docs: readonly Doc[], readers: readonly FieldReader[], depth: number, sawNullish: boolean, out: Doc[], result: GroupedEntries): boolean {
  if (depth === readers.length) {
    if (docs.length > 1 && !sawNullish) result.clash = true;
    for (let i = 0; i < docs.length; i++) out.push(docs[i]!);
    return true;
  }
  const read = readers[depth]!;
  const groups = new Map<unknown, Doc[]>();
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const value = read(doc);
    if (typeof value === 'object' && value !== null) return false;
    const group = groups.get(value);
    if (group) group.push(doc);
    else groups.set(value, [doc]);
  }
  // Array.prototype.sort moves undefined to the end without asking the comparator; absent sorts first.
  const values: unknown[] = [...groups.keys()].filter((value) => value !== undefined).sort(compareValues);
  if (groups.has(undefined)) values.unshift(undefined);
  for (const value of values) {
    if (!appendGroups(groups.get(value)!, readers, depth + 1, sawNullish || value === undefined || value === null, out, result)) return false;
  }
  return true;
}
