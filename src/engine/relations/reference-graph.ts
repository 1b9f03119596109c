// Which reference fields point where, derived from the applied schemas: outgoing edges per source
// collection (for write checks and index maintenance) and incoming edges per target (for on_delete).
// References are top-level fields holding the target's _id (the schema module enforces both).
import { compareByteOrder } from '../index/name-order.js';
import type { AppliedSchema } from '../types.js';

export type OnDelete = 'restrict' | 'cascade' | 'set_null';

export interface ReferenceEdge {
  /** "source.field", unique per edge */
  readonly key: string;
  readonly source: string;
  readonly field: string;
  readonly target: string;
  /** restrict when the field does not say */
  readonly onDelete: OnDelete;
}

const NONE: readonly ReferenceEdge[] = [];

export class ReferenceGraph {
  readonly edges: readonly ReferenceEdge[];
  readonly #outgoing = new Map<string, ReferenceEdge[]>();
  readonly #incoming = new Map<string, ReferenceEdge[]>();

  constructor(schemas: Iterable<AppliedSchema>) {
    const edges: ReferenceEdge[] = [];
    for (const schema of schemas) {
      for (const [field, def] of Object.entries(schema.fields)) {
        if (def.type !== 'reference') continue;
        const target = def.target_collection ?? schema.collection;
        edges.push({ key: `${schema.collection}.${field}`, source: schema.collection, field, target, onDelete: def.on_delete ?? 'restrict' });
      }
    }
    edges.sort((a, b) => compareByteOrder(a.source, b.source) || compareByteOrder(a.field, b.field));
    this.edges = edges;
    for (const edge of edges) {
      push(this.#outgoing, edge.source, edge);
      push(this.#incoming, edge.target, edge);
    }
  }

  /** Reference fields of `collection`, sorted by field name. */
  outgoing(collection: string): readonly ReferenceEdge[] {
    return this.#outgoing.get(collection) ?? NONE;
  }

  /** Reference fields pointing at `collection`, sorted by (source collection, field). */
  incoming(collection: string): readonly ReferenceEdge[] {
    return this.#incoming.get(collection) ?? NONE;
  }

  edge(source: string, field: string): ReferenceEdge | undefined {
    return this.outgoing(source).find((edge) => edge.field === field);
  }
}

function push(map: Map<string, ReferenceEdge[]>, key: string, edge: ReferenceEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}
