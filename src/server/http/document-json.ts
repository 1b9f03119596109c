// JSON texts of stored documents, remembered by identity. A stored document is a frozen object that
// is replaced, never changed, when it is written: the same object always has the same text, and an
// updated document is a new object (its old text simply ages out). Serialising the document was
// the largest single cost of a GET by id after HTTP itself.
//
// Bounded: when full it starts over (cheaper than tracking recency, and a hot set refills at once).

const DEFAULT_MAX_ENTRIES = 20_000;

export class DocumentJsonCache {
  readonly #texts = new Map<object, string>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  /** JSON.stringify(doc), from the cache when `doc` is a frozen (stored) document. */
  text(doc: object): string {
    if (!Object.isFrozen(doc)) return JSON.stringify(doc);
    let text = this.#texts.get(doc);
    if (text === undefined) {
      text = JSON.stringify(doc);
      if (this.#texts.size >= this.#maxEntries) this.#texts.clear();
      this.#texts.set(doc, text);
    }
    return text;
  }

  /** JSON.stringify(docs) with each document's text from the cache. */
  arrayText(docs: readonly object[]): string {
    if (docs.length === 0) return '[]';
    let out = '[' + this.text(docs[0]!);
    for (let i = 1; i < docs.length; i++) out += ',' + this.text(docs[i]!);
    return out + ']';
  }
}
