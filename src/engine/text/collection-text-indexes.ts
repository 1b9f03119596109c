// The text indexes of one collection (its index definitions with `"type": "text"`), maintained
// alongside the ordered indexes by the same write path.
import type { AppliedSchema, Doc } from '../types.js';
import { TextIndex } from './text-index.js';

export class CollectionTextIndexes {
  readonly #byName: Map<string, TextIndex>;

  constructor(schema: AppliedSchema) {
    const defs = (schema.indexes ?? []).filter((def) => def.type === 'text');
    this.#byName = new Map(defs.map((def) => [def.name, new TextIndex(def)]));
  }

  get(name: string): TextIndex | undefined {
    return this.#byName.get(name);
  }

  /** Text index names in declaration order. */
  get names(): string[] {
    return [...this.#byName.keys()];
  }

  get size(): number {
    return this.#byName.size;
  }

  build(docs: Iterable<Doc>): void {
    if (this.#byName.size === 0) return;
    const all = [...docs];
    for (const index of this.#byName.values()) index.build(all);
  }

  apply(old: Doc | undefined, next: Doc | undefined): void {
    for (const index of this.#byName.values()) index.apply(old, next);
  }
}
