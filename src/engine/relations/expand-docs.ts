// Runs a validated expand tree over a page of documents (SPEC §6). Each tree node is ONE batched
// lookup over all the documents of the level above it: a reference node gathers the distinct target
// _ids of every parent and fetches them once; a reverse_reference node reads the reverse-reference
// index for every parent (at most `limit` documents each, in _id order). Results go under
// `_expanded.<field>` of new frozen objects; stored documents are never changed.
//
// Cost is counted exactly: queries_executed = nodes that had anything to look up; documents_fetched =
// documents read (a target shared by several parents is fetched once per node); expanded_hidden =
// fetched documents the visibility predicate (RLS) hid, which are left out (a hidden reference
// expands to null, a hidden reverse document is omitted from the array).
import type { Doc } from '../types.js';
import type { ExpandNode } from './expand-paths.js';
import type { ReverseReferenceIndex } from './reverse-reference-index.js';

/** Whether the caller may see a document (RLS hook; everything is visible until RLS exists). */
export type Visibility = (collection: string, doc: Doc) => boolean;
export const ALL_VISIBLE: Visibility = () => true;

export interface ExpandCost {
  queries_executed: number;
  documents_fetched: number;
  expanded_hidden: number;
}

export interface ExpandSource {
  docsOf(collection: string): ReadonlyMap<string, Doc> | undefined;
  reverse: ReverseReferenceIndex;
  visible: Visibility;
}

interface NodeResult {
  /** reference: target _id -> visible document (absent: missing or hidden) */
  byId: Map<string, Doc>;
  /** reverse_reference: parent _id -> visible documents in _id order */
  byParent: Map<string, Doc[]>;
  /** the distinct visible documents fetched: the parents of the node's children */
  fetched: Doc[];
}

export function expandDocs(returned: readonly Doc[], stored: readonly Doc[], roots: readonly ExpandNode[], source: ExpandSource): { docs: Doc[]; cost: ExpandCost } {
  const cost: ExpandCost = { queries_executed: 0, documents_fetched: 0, expanded_hidden: 0 };
  if (roots.length === 0) return { docs: [...returned], cost };
  const results = new Map<ExpandNode, NodeResult>();
  // breadth-first: one batched lookup per node, each level reading the level above
  let level: Array<{ node: ExpandNode; parents: readonly Doc[] }> = roots.map((node) => ({ node, parents: stored }));
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { node, parents } of level) {
      const result = node.kind === 'reference' ? fetchReferences(node, parents, source, cost) : fetchReverse(node, parents, source, cost);
      results.set(node, result);
      for (const child of node.children) next.push({ node: child, parents: result.fetched });
    }
    level = next;
  }
  const memo = new Map<ExpandNode, Map<string, Doc>>();
  const assemble = (node: ExpandNode, doc: Doc): Doc => {
    if (node.children.length === 0) return doc;
    let done = memo.get(node);
    if (!done) memo.set(node, (done = new Map()));
    const hit = done.get(doc._id);
    if (hit) return hit;
    const built = Object.freeze({ ...doc, _expanded: expandedOf(node.children, doc) }) as Doc;
    done.set(doc._id, built);
    return built;
  };
  const expandedOf = (children: readonly ExpandNode[], parent: Doc): Readonly<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    for (const child of children) {
      const result = results.get(child)!;
      if (child.kind === 'reference') {
        const id = parent[child.field];
        const target = typeof id === 'string' ? result.byId.get(id) : undefined;
        out[child.name] = target ? assemble(child, target) : null;
      } else {
        out[child.name] = Object.freeze((result.byParent.get(parent._id) ?? []).map((doc) => assemble(child, doc)));
      }
    }
    return Object.freeze(out);
  };
  const docs = returned.map((doc, i) => Object.freeze({ ...doc, _expanded: expandedOf(roots, stored[i]!) }) as Doc);
  return { docs, cost };
}

function fetchReferences(node: ExpandNode, parents: readonly Doc[], source: ExpandSource, cost: ExpandCost): NodeResult {
  const ids = new Set<string>();
  for (const parent of parents) {
    const value = parent[node.field];
    if (typeof value === 'string') ids.add(value);
  }
  const result: NodeResult = { byId: new Map(), byParent: new Map(), fetched: [] };
  if (ids.size === 0) return result;
  cost.queries_executed++;
  const docs = source.docsOf(node.collection);
  for (const id of ids) {
    const doc = docs?.get(id);
    if (!doc) continue;
    cost.documents_fetched++;
    if (!source.visible(node.collection, doc)) {
      cost.expanded_hidden++;
      continue;
    }
    result.byId.set(id, doc);
    result.fetched.push(doc);
  }
  return result;
}

function fetchReverse(node: ExpandNode, parents: readonly Doc[], source: ExpandSource, cost: ExpandCost): NodeResult {
  const result: NodeResult = { byId: new Map(), byParent: new Map(), fetched: [] };
  const edge = source.reverse.graph.edge(node.collection, node.field);
  if (parents.length === 0 || !edge) return result;
  cost.queries_executed++;
  const docs = source.docsOf(node.collection);
  const seenParents = new Set<string>();
  for (const parent of parents) {
    if (seenParents.has(parent._id)) continue;
    seenParents.add(parent._id);
    const list: Doc[] = [];
    for (const id of source.reverse.referrerIds(edge, parent._id)) {
      if (list.length >= node.limit) break;
      const doc = docs?.get(id);
      if (!doc) continue;
      cost.documents_fetched++;
      if (!source.visible(node.collection, doc)) {
        cost.expanded_hidden++;
        continue;
      }
      list.push(doc);
      result.fetched.push(doc);
    }
    result.byParent.set(parent._id, list);
  }
  return result;
}
