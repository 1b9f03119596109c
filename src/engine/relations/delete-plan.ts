// What deleting one document does to everything that references it (SPEC §6), computed before
// anything changes so the whole result is one atomic unit:
//   1. the cascade closure: the document plus, recursively, every document referencing a deleted
//      one through an on_delete "cascade" field (breadth-first, each document once: cycle-safe);
//   2. restrict: if any document OUTSIDE the closure references a deleted one through a "restrict"
//      field, nothing is deleted (AERO_REFERENCE_RESTRICT). A referencing document that the same
//      delete removes anyway does not block it, so the outcome never depends on visiting order;
//   3. set_null: documents outside the closure referencing a deleted one through a "set_null" field
//      get that field set to null (several such fields of one document -> one replacement).
import { AeroError } from '../errors/aero-error.js';
import { compareByteOrder } from '../index/name-order.js';
import type { Doc } from '../types.js';
import type { ReferenceEdge } from './reference-graph.js';
import type { ReverseReferenceIndex } from './reverse-reference-index.js';

export interface DocRef {
  collection: string;
  doc: Doc;
}

export interface DeletePlan {
  /** the requested document first, then the cascade in breadth-first order */
  deletes: DocRef[];
  /** replacements of set_null referrers: old and new document */
  nulled: Array<{ collection: string; old: Doc; next: Doc }>;
  /** documents deleted by cascade (the requested one not counted), by collection, keys sorted */
  cascaded: Record<string, number>;
  /** documents updated by set_null, by collection, keys sorted */
  set_null: Record<string, number>;
}

export type DocLookup = (collection: string, id: string) => Doc | undefined;

export function planDelete(root: DocRef, reverse: ReverseReferenceIndex, lookup: DocLookup): DeletePlan {
  const graph = reverse.graph;
  const closure = new Map<string, Set<string>>([[root.collection, new Set([root.doc._id])]]);
  const inClosure = (collection: string, id: string): boolean => closure.get(collection)?.has(id) === true;
  const deletes: DocRef[] = [root];
  for (let i = 0; i < deletes.length; i++) {
    const { collection, doc } = deletes[i]!;
    for (const edge of graph.incoming(collection)) {
      if (edge.onDelete !== 'cascade') continue;
      for (const id of reverse.referrers(edge, doc._id)) {
        if (inClosure(edge.source, id)) continue;
        let ids = closure.get(edge.source);
        if (!ids) closure.set(edge.source, (ids = new Set()));
        ids.add(id);
        deletes.push({ collection: edge.source, doc: lookup(edge.source, id)! });
      }
    }
  }

  const blockers = new Map<ReferenceEdge, { count: number; example: { _id: string; references: string } }>();
  // source collection -> referrer _id -> fields to null
  const toNull = new Map<string, Map<string, Set<string>>>();
  for (const { collection, doc } of deletes) {
    for (const edge of graph.incoming(collection)) {
      if (edge.onDelete === 'cascade') continue;
      for (const id of reverse.referrers(edge, doc._id)) {
        if (inClosure(edge.source, id)) continue;
        if (edge.onDelete === 'restrict') {
          const seen = blockers.get(edge);
          if (seen) seen.count++;
          else blockers.set(edge, { count: 1, example: { _id: id, references: doc._id } });
        } else {
          let byId = toNull.get(edge.source);
          if (!byId) toNull.set(edge.source, (byId = new Map()));
          let fields = byId.get(id);
          if (!fields) byId.set(id, (fields = new Set()));
          fields.add(edge.field);
        }
      }
    }
  }
  if (blockers.size > 0) throw restrictError(root, blockers, deletes.length - 1);

  const nulled: DeletePlan['nulled'] = [];
  for (const source of [...toNull.keys()].sort(compareByteOrder)) {
    const byId = toNull.get(source)!;
    for (const id of [...byId.keys()].sort()) {
      const old = lookup(source, id)!;
      const next: Record<string, unknown> = { ...old };
      for (const field of byId.get(id)!) next[field] = null;
      nulled.push({ collection: source, old, next: next as Doc });
    }
  }
  return { deletes, nulled, cascaded: countBy(deletes.slice(1).map((d) => d.collection)), set_null: countBy(nulled.map((n) => n.collection)) };
}

function countBy(collections: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const c of collections) counts.set(c, (counts.get(c) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const c of [...counts.keys()].sort(compareByteOrder)) out[c] = counts.get(c)!;
  return out;
}

function restrictError(root: DocRef, blockers: Map<ReferenceEdge, { count: number; example: { _id: string; references: string } }>, cascading: number): AeroError {
  const list = [...blockers].map(([edge, info]) => ({ collection: edge.source, field: edge.field, target_collection: edge.target, count: info.count, example: info.example }));
  const first = list[0]!;
  const total = list.reduce((sum, b) => sum + b.count, 0);
  const others = list.length > 1 ? ` (and ${total - first.count} more in ${list.slice(1).map((b) => `${b.collection}.${b.field}`).join(', ')})` : '';
  const via = cascading > 0 ? ` (or one of the ${cascading} document(s) its cascade would delete)` : '';
  return new AeroError(
    'AERO_REFERENCE_RESTRICT',
    `cannot delete "${root.collection}/${root.doc._id}": ${first.count} document(s) of "${first.collection}" still reference it${via} through field "${first.field}" (on_delete restrict)${others}`,
    {
      details: { collection: root.collection, _id: root.doc._id, referencing: list, count: total },
      hint: `Delete or re-point the referencing ${first.collection} documents first (e.g. "${first.collection}/${first.example._id}"), or change ${first.collection}.${first.field} to on_delete "cascade" or "set_null".`,
    },
  );
}
