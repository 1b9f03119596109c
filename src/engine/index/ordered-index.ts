// One ordered (B+ tree) index: keys are [field values..., _id], so every key is unique and entries
// with equal field values are ordered by _id. The primary index "_id" is keyed by [_id] alone.
// Values are the stored (frozen) documents, so a scan never needs a second lookup.
import sortedBtree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
import type { Doc } from '../types.js';
import { compileFieldReader, type FieldReader } from './field-reader.js';
import { NOT_GROUPABLE, orderByFields } from './sorted-entries.js';
import { compareKeys, compareValues } from './value-order.js';

// sorted-btree is CommonJS with `exports.default`: Node's ESM loader hands us module.exports, while
// bundler-style interop (vitest) hands us the class itself.
const BTree = (typeof sortedBtree === 'function' ? sortedBtree : sortedBtree.default) as typeof sortedBtree.default;
export type IndexTree = InstanceType<typeof sortedBtree.default<IndexKey, Doc>>;
export type IndexKey = readonly unknown[];

export const PRIMARY_INDEX_NAME = '_id';

/** sorted-btree's default node size, which incremental inserts use too */
const MAX_NODE_SIZE = 32;

export interface OrderedIndexDef {
  name: string;
  fields: readonly string[];
  unique: boolean;
}

export class OrderedIndex {
  readonly name: string;
  /** declared fields (["_id"] for the primary index) */
  readonly fields: readonly string[];
  /** what a key holds, position by position: the declared fields then "_id" (primary: just "_id") */
  readonly keyFields: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
  readonly tree: IndexTree;
  readonly #readers: readonly FieldReader[];

  /** `tree`: already loaded with exactly this definition's entries (see loadedCopy) */
  constructor(def: OrderedIndexDef, tree?: IndexTree) {
    this.name = def.name;
    this.primary = def.name === PRIMARY_INDEX_NAME;
    this.fields = [...def.fields];
    this.keyFields = this.primary ? ['_id'] : [...def.fields, '_id'];
    this.unique = def.unique;
    this.#readers = this.primary ? [] : def.fields.map((field) => compileFieldReader(field));
    this.tree = tree ?? new BTree<IndexKey, Doc>(undefined, compareKeys);
  }

  /** The entry key of a document. Missing fields are indexed as absent (undefined), below null. */
  keyOf(doc: Doc): unknown[] {
    const readers = this.#readers;
    const key = new Array<unknown>(readers.length + 1);
    for (let i = 0; i < readers.length; i++) key[i] = readers[i]!(doc);
    key[readers.length] = doc._id;
    return key;
  }

  /** The indexed field values of a document (the key without its _id tie-break). */
  valuesOf(doc: Doc): unknown[] {
    return this.#readers.map((read) => read(doc));
  }

  /** A new, empty index with the same definition (used to build off to the side, then swap). */
  emptyCopy(): OrderedIndex {
    return new OrderedIndex({ name: this.name, fields: this.fields, unique: this.unique });
  }

  /**
   * A new index with the same definition holding `byId` (every document, sorted by _id, ids distinct),
   * bulk-loaded from entries sorted once instead of inserted one by one. Null when the documents
   * break this unique index, or hold an indexed array/object value: the caller then inserts one by
   * one, which also reports the exact clash.
   */
  loadedCopy(byId: readonly Doc[]): OrderedIndex | null {
    let docs: readonly Doc[] = byId;
    if (!this.primary) {
      const grouped = orderByFields(byId, this.#readers);
      if (grouped === NOT_GROUPABLE || (this.unique && grouped.clash)) return null;
      docs = grouped.docs;
    }
    const keys = new Array<IndexKey>(docs.length);
    for (let i = 0; i < docs.length; i++) keys[i] = this.keyOf(docs[i]!);
    const tree = bulkLoad<IndexKey, Doc>(keys, docs as Doc[], MAX_NODE_SIZE, compareKeys);
    return new OrderedIndex({ name: this.name, fields: this.fields, unique: this.unique }, tree);
  }

  /**
   * The _id of the first entry whose field values equal `values`, skipping ids for which `ignore`
   * returns true; undefined when there is none.
   */
  findOwner(values: readonly unknown[], ignore: (id: string) => boolean): string | undefined {
    const tree = this.tree;
    const n = values.length;
    for (const [key, doc] of tree.entries(values)) {
      for (let i = 0; i < n; i++) if (compareValues(key[i], values[i]) !== 0) return undefined;
      if (!ignore(doc._id)) return doc._id;
    }
    return undefined;
  }
}
