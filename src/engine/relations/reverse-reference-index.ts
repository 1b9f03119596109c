// The reverse-reference index: for every reference field (edge), target _id -> the _ids of the
// documents whose field holds it, in _id order. on_delete and reverse_reference expand read it, so
// neither ever scans a collection. It is maintained on every write (apply) and rebuilt at open and
// after schema changes (build).
import sortedBtree from 'sorted-btree';
import type { Doc } from '../types.js';
import type { ReferenceEdge, ReferenceGraph } from './reference-graph.js';

// sorted-btree is CommonJS with `exports.default` (see index/ordered-index.ts for the interop note).
const BTree = (typeof sortedBtree === 'function' ? sortedBtree : sortedBtree.default) as typeof sortedBtree.default;
type Key = readonly [target: string, source: string];
type EdgeTree = InstanceType<typeof sortedBtree.default<Key, undefined>>;

/** Strings in the order of the primary index (UTF-16 code units, like value-order.ts). */
function compareKey(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

export class ReverseReferenceIndex {
  readonly graph: ReferenceGraph;
  readonly #trees = new Map<string, EdgeTree>();

  constructor(graph: ReferenceGraph) {
    this.graph = graph;
    for (const edge of graph.edges) this.#trees.set(edge.key, new BTree<Key, undefined>(undefined, compareKey));
  }

  /** Fills the index from every source collection's documents. */
  build(docsOf: (collection: string) => Iterable<Doc>): void {
    for (const edge of this.graph.edges) {
      const tree = this.#trees.get(edge.key)!;
      tree.clear();
      for (const doc of docsOf(edge.source)) {
        const value = doc[edge.field];
        if (typeof value === 'string') tree.set([value, doc._id], undefined);
      }
    }
  }

  /** Applies one document change of `collection` (insert: old undefined; delete: next undefined). */
  apply(collection: string, old: Doc | undefined, next: Doc | undefined): void {
    for (const edge of this.graph.outgoing(collection)) {
      const before = old?.[edge.field];
      const after = next?.[edge.field];
      if (before === after) continue;
      const tree = this.#trees.get(edge.key)!;
      if (typeof before === 'string') tree.delete([before, old!._id]);
      if (typeof after === 'string') tree.set([after, next!._id], undefined);
    }
  }

  /** _ids of the documents whose `edge` field holds `target`, ascending; stops after `limit`. */
  referrers(edge: ReferenceEdge, target: string, limit = Infinity): string[] {
    const out: string[] = [];
    if (limit <= 0) return out;
    const tree = this.#trees.get(edge.key);
    if (!tree) return out;
    for (const [key] of tree.entries([target, ''])) {
      if (key[0] !== target) break;
      out.push(key[1]);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** _ids of the documents whose `edge` field holds `target`, ascending, lazily. */
  *referrerIds(edge: ReferenceEdge, target: string): Generator<string> {
    const tree = this.#trees.get(edge.key);
    if (!tree) return;
    for (const [key] of tree.entries([target, ''])) {
      if (key[0] !== target) return;
      yield key[1];
    }
  }

  /** Does any document's `edge` field hold `target`? */
  isReferenced(edge: ReferenceEdge, target: string): boolean {
    return this.referrers(edge, target, 1).length > 0;
  }
}
