// The ordered indexes of one collection, kept exactly consistent with its documents: the implicit
// primary index "_id" plus one B+ tree per declared non-text index. Text indexes (type "text") are
// not handled here.
//
// Missing fields are indexed as absent (undefined), which sorts just below null (see value-order.ts),
// so `{f: null}` (null or absent) is a contiguous range and `$exists` can be checked on any entry.
// Unique indexes follow SQL semantics: a tuple with an absent or null value never conflicts.
import { AeroError } from '../errors/aero-error.js';
import type { AppliedSchema, Doc } from '../types.js';
import { compareByteOrder } from './name-order.js';
import { OrderedIndex, PRIMARY_INDEX_NAME } from './ordered-index.js';
import { sortById } from './sorted-entries.js';
import { compareKeys } from './value-order.js';

export interface DocChange {
  old: Doc | undefined;
  next: Doc | undefined;
}

export class CollectionIndexes {
  readonly collection: string;
  #ordered: OrderedIndex[];
  #byName: Map<string, OrderedIndex>;

  constructor(schema: AppliedSchema) {
    this.collection = schema.collection;
    const defs = (schema.indexes ?? []).filter((def) => def.type !== 'text');
    const indexes = [
      new OrderedIndex({ name: PRIMARY_INDEX_NAME, fields: ['_id'], unique: true }),
      ...defs.map((def) => new OrderedIndex({ name: def.name, fields: def.fields, unique: def.unique === true })),
    ];
    this.#ordered = indexes.sort((a, b) => compareByteOrder(a.name, b.name));
    this.#byName = new Map(this.#ordered.map((index) => [index.name, index]));
  }

  /** Whether any declared index is unique (checkWrites has nothing to check otherwise). */
  get hasUnique(): boolean {
    return this.#ordered.some((index) => index.unique && !index.primary);
  }

  /** Every ordered index, the primary "_id" included, sorted by name in byte order. */
  get ordered(): readonly OrderedIndex[] {
    return this.#ordered;
  }

  get primary(): OrderedIndex {
    return this.#byName.get(PRIMARY_INDEX_NAME)!;
  }

  get(name: string): OrderedIndex | undefined {
    return this.#byName.get(name);
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.primary.tree.size;
  }

  /**
   * Replaces the content of every index with `docs`. Throws AERO_VALIDATION_UNIQUE (and keeps the
   * previous content) when the documents already violate a unique index, e.g. for add_index.
   */
  build(docs: Iterable<Doc>): void {
    const all = Array.isArray(docs) ? (docs as readonly Doc[]) : [...docs];
    // a checkpoint holds its documents in _id order: then one pass replaces the sort and the duplicate check
    const byId = increasingIds(all) ? all : sortById(all);
    const loaded = byId !== all && hasDuplicateIds(byId) ? [] : this.#ordered.map((index) => index.loadedCopy(byId));
    if (loaded.length === this.#ordered.length && loaded.every((index) => index !== null)) {
      this.#swap(loaded as OrderedIndex[]);
      return;
    }
    this.#insertOneByOne(all);
  }

  /** build() the slow way, in the given order: the first clash it meets is the one reported. */
  #insertOneByOne(docs: readonly Doc[]): void {
    const fresh = this.#ordered.map((index) => index.emptyCopy());
    for (const doc of docs) {
      for (const index of fresh) {
        if (index.unique && !index.primary) {
          const values = index.valuesOf(doc);
          if (!hasNullish(values)) {
            const owner = index.findOwner(values, (id) => id === doc._id);
            if (owner !== undefined) throw uniqueViolation(this.collection, index, values, owner);
          }
        }
        index.tree.set(index.keyOf(doc), doc);
      }
    }
    this.#swap(fresh);
  }

  #swap(fresh: OrderedIndex[]): void {
    this.#ordered = fresh;
    this.#byName = new Map(fresh.map((index) => [index.name, index]));
  }

  /**
   * Validates an atomic unit of changes against every unique index WITHOUT mutating anything: the
   * state after the whole unit must be free of duplicates. Entries of documents the unit replaces or
   * deletes are ignored; when the same _id changes several times, its last change counts.
   */
  checkWrites(changes: ReadonlyArray<DocChange>): void {
    const uniques = this.#ordered.filter((index) => index.unique && !index.primary);
    if (uniques.length === 0) return;
    const touched = new Set<string>();
    const finalDocs = new Map<string, Doc | undefined>();
    for (const { old, next } of changes) {
      if (old) {
        touched.add(old._id);
        if (!next || next._id !== old._id) finalDocs.set(old._id, undefined);
      }
      if (next) {
        touched.add(next._id);
        finalDocs.set(next._id, next);
      }
    }
    const isTouched = (id: string): boolean => touched.has(id);
    for (const index of uniques) {
      const owners = new Map<string, string>();
      for (const [id, doc] of finalDocs) {
        if (!doc) continue;
        const values = index.valuesOf(doc);
        if (hasNullish(values)) continue;
        // JSON text is a sound identity here: indexed values are scalars and JSON prints 1.0 and -0 as 1 and 0.
        const tupleKey = JSON.stringify(values);
        const inUnit = owners.get(tupleKey);
        if (inUnit !== undefined) throw uniqueViolation(this.collection, index, values, inUnit);
        const existing = index.findOwner(values, isTouched);
        if (existing !== undefined) throw uniqueViolation(this.collection, index, values, existing);
        owners.set(tupleKey, id);
      }
    }
  }

  /** Applies one document change (insert: old undefined; delete: next undefined) to every index. */
  apply(old: Doc | undefined, next: Doc | undefined): void {
    for (const index of this.#ordered) {
      const oldKey = old ? index.keyOf(old) : undefined;
      const newKey = next ? index.keyOf(next) : undefined;
      if (oldKey && !(newKey && compareKeys(oldKey, newKey) === 0)) index.tree.delete(oldKey);
      // set() overwrites an equal key, so an unchanged key still points at the new document
      if (newKey) index.tree.set(newKey, next!);
    }
  }
}

function increasingIds(docs: readonly Doc[]): boolean {
  for (let i = 1; i < docs.length; i++) if (!(docs[i - 1]!._id < docs[i]!._id)) return false;
  return true;
}

function hasDuplicateIds(byId: readonly Doc[]): boolean {
  for (let i = 1; i < byId.length; i++) if (byId[i]!._id === byId[i - 1]!._id) return true;
  return false;
}

function hasNullish(values: readonly unknown[]): boolean {
  for (const value of values) if (value === undefined || value === null) return true;
  return false;
}

function uniqueViolation(collection: string, index: OrderedIndex, values: readonly unknown[], existingId: string): AeroError {
  const value = values.length === 1 ? values[0] : [...values];
  const fields = [...index.fields];
  const shown = fields.length === 1 ? `${fields[0]} = ${JSON.stringify(value)}` : `(${fields.join(', ')}) = ${JSON.stringify(value)}`;
  return new AeroError(
    'AERO_VALIDATION_UNIQUE',
    `unique index "${index.name}" on ${collection} already has ${shown} (document "${existingId}")`,
    {
      details: { index: index.name, fields, value, existing_id: existingId },
      hint: `Use a different ${fields.join('/')} value, or update document "${existingId}" instead.`,
    },
  );
}
