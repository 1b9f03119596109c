import type { CollectionSchema, Doc, WalOp } from '../../types.js';
import { canonicalSchema } from '../canonical-schema.js';
import type { SchemaStateView } from './schema-ops-types.js';

/** A collection as the ops planned so far leave it. */
export interface WorkingCollection {
  schema: CollectionSchema;
  /** the collection of the old state whose stored documents this one holds (null: created now, empty) */
  origin: string | null;
  /** the origin's schema_version (0 when created in this call) */
  baseVersion: number;
  touched: boolean;
  /** the current documents once an op changed any (null: exactly the origin's stored documents) */
  docs: Map<string, Doc> | null;
  /** the stored document of every _id an op replaced, to emit a put only when the final value differs */
  originals: Map<string, Doc>;
}

/** Why a name disappeared during this call (for errors about references still pointing at it). */
export interface RemovedCollection {
  op: number;
  renamedTo: string | null;
}

/**
 * The overlay the ops of one call work on; the input state is never mutated. Structural changes
 * (drop, move) are recorded in order, so that replaying them on the old state leaves every working
 * collection holding its origin's stored documents; document changes are diffed at the end.
 */
export class WorkingSet {
  private readonly collections = new Map<string, WorkingCollection>();
  readonly structural: WalOp[] = [];
  readonly removed = new Map<string, RemovedCollection>();

  constructor(private readonly state: SchemaStateView) {
    for (const [name, schema] of state.schemas) {
      this.collections.set(name, { schema: canonicalSchema(schema), origin: name, baseVersion: schema.schema_version, touched: false, docs: null, originals: new Map() });
    }
  }

  has(name: string): boolean {
    return this.collections.has(name);
  }

  get(name: string): WorkingCollection | undefined {
    return this.collections.get(name);
  }

  /** Current collection names, sorted. */
  names(): string[] {
    return [...this.collections.keys()].sort();
  }

  /** Names references may still point at while ops run (removed ones are checked after the last op). */
  namesForChecks(): Set<string> {
    return new Set([...this.collections.keys(), ...this.removed.keys()]);
  }

  schemaMap(): Map<string, CollectionSchema> {
    return new Map([...this.collections].map(([name, wc]) => [name, wc.schema]));
  }

  setSchema(name: string, schema: CollectionSchema): void {
    const wc = this.require(name);
    wc.schema = schema;
    wc.touched = true;
  }

  /** Current documents of a collection, in _id order. */
  docs(name: string): Iterable<Doc> {
    const wc = this.require(name);
    if (wc.docs) return wc.docs.values();
    return wc.origin === null ? [] : this.state.docs(wc.origin);
  }

  /** Replaces the named documents with new versions (remembering the stored originals). */
  replaceDocs(name: string, replacements: ReadonlyMap<string, Doc>): void {
    if (replacements.size === 0) return;
    const wc = this.require(name);
    const docs = this.materialise(wc);
    for (const [id, doc] of replacements) {
      const current = docs.get(id);
      if (current && !wc.originals.has(id)) wc.originals.set(id, current);
      docs.set(id, doc);
    }
  }

  /** Applies `change` to every document; returns how many changed. */
  mapDocs(name: string, change: (doc: Doc) => Doc | undefined): number {
    const replacements = new Map<string, Doc>();
    for (const doc of this.docs(name)) {
      const next = change(doc);
      if (next !== undefined) replacements.set(doc._id, next);
    }
    this.replaceDocs(name, replacements);
    return replacements.size;
  }

  create(schema: CollectionSchema): void {
    this.collections.set(schema.collection, { schema, origin: null, baseVersion: 0, touched: true, docs: null, originals: new Map() });
    this.removed.delete(schema.collection);
  }

  drop(name: string, op: number): void {
    const wc = this.require(name);
    if (wc.origin !== null) this.structural.push({ o: 'drop', c: name });
    this.collections.delete(name);
    this.removed.set(name, { op, renamedTo: null });
  }

  rename(from: string, to: string, op: number, schema: CollectionSchema): void {
    const wc = this.require(from);
    if (wc.origin !== null) this.structural.push({ o: 'move', from, to });
    this.collections.delete(from);
    this.collections.set(to, { ...wc, schema, touched: true });
    this.removed.set(from, { op, renamedTo: to });
    this.removed.delete(to);
  }

  /** Final collections, sorted by name. */
  entries(): Array<[string, WorkingCollection]> {
    return [...this.collections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private materialise(wc: WorkingCollection): Map<string, Doc> {
    if (!wc.docs) {
      wc.docs = new Map();
      if (wc.origin !== null) for (const doc of this.state.docs(wc.origin)) wc.docs.set(doc._id, doc);
    }
    return wc.docs;
  }

  private require(name: string): WorkingCollection {
    const wc = this.collections.get(name);
    if (!wc) throw new Error(`internal: working collection ${name} is missing`);
    return wc;
  }
}
