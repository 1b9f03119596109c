// Whether an index scan returns documents in the requested sort, and the full result order it gives.
//
// Within one equality range (one value per equality-bound key position) entries come in key order
// over the remaining key fields K[e..] (always ending with _id). So the sort is served when, after
// dropping fields pinned to a single value, it is: any fields bound by several $in values (merged
// across ranges), followed by a prefix of K[e..] in one direction. The full result order is the sort
// as written, then the rest of K[e..] in the scan direction: a total order ending with _id.
import type { OrderEntry } from './plan-types.js';
import { formatOrder } from './plan-types.js';
import type { SortDir, SortKey } from './parse-query.js';

export type SortFit =
  | { ok: true; order: OrderEntry[]; reverse: boolean; trailing: number }
  | { ok: false; reason: string };

/**
 * @param keyFields the index key fields (declared fields, then "_id")
 * @param eqCounts number of candidate values of each equality-bound leading key position
 */
export function fitSort(keyFields: readonly string[], eqCounts: readonly number[], sort: readonly SortKey[]): SortFit {
  const e = eqCounts.length;
  const single = new Set<string>();
  const multi = new Set<string>();
  for (let i = 0; i < e; i++) (eqCounts[i] === 1 ? single : multi).add(keyFields[i]!);
  const unpinned = sort.filter((s) => !single.has(s.field));
  let q = 0;
  while (q < unpinned.length && multi.has(unpinned[q]!.field)) q++;
  const ordered = unpinned.slice(q);
  for (let j = 0; j < ordered.length; j++) {
    const s = ordered[j]!;
    if (multi.has(s.field)) {
      return { ok: false, reason: `cannot serve sort (${formatOrder(sort)}): "${s.field}" has several $in values, so it must come before "${ordered[0]!.field}"` };
    }
    if (keyFields[e + j] !== s.field) return { ok: false, reason: `cannot serve sort (${formatOrder(sort)})` };
    if (s.dir !== ordered[0]!.dir) return { ok: false, reason: `cannot serve sort (${formatOrder(sort)}): mixed directions` };
  }
  const dir: SortDir = ordered.length > 0 ? ordered[0]!.dir : (sort.at(-1)?.dir ?? 'asc');
  const rest = keyFields.slice(e + ordered.length);
  const order: OrderEntry[] = [...sort.map((s) => ({ field: s.field, dir: s.dir })), ...rest.map((field) => ({ field, dir }))];
  return { ok: true, order, reverse: dir === 'desc', trailing: rest.filter((f) => f !== '_id').length };
}
