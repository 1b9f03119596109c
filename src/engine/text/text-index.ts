// One text index (SPEC §3 `"type": "text"`): an inverted index from analysed terms to postings, plus
// the per-document field lengths and collection statistics BM25 needs. It is kept exactly current by
// apply(old, next) on every write and built from scratch at open and on schema changes.
//
// Documents get dense ordinals in increasing order. A delete only marks its ordinal dead (postings
// are skipped until compaction); an update is a delete plus an insert under a new ordinal, so a
// posting list is only ever appended to and stays sorted. Compaction renumbers once dead ordinals
// outnumber live ones. Ordinals never leak into results: ties are broken by _id.
//
// build() and compaction hand out ordinals in _id order, and generated _ids (UUIDv7) grow over time,
// so ordinal order is usually _id order; `idsAscending` says whether it still is. While it is, a
// search walking postings in ordinal order meets equal-score documents in result order, which lets
// it skip tie comparisons and whole blocks whose best possible score only ties the page.
import { compileFieldReader, type FieldReader } from '../index/field-reader.js';
import type { Doc, IndexDef } from '../types.js';
import { TextAnalyzer, type TextLanguage } from './analyzer.js';
import { PostingList } from './posting-list.js';

const COMPACT_MIN_DEAD = 4096;
const EMPTY_TERMS = new Int32Array(0);

export class TextIndex {
  readonly name: string;
  readonly fields: readonly string[];
  /** weight of each field, in `fields` order (1 when the config gives none) */
  readonly weights: readonly number[];
  readonly analyzer: TextAnalyzer;
  readonly #readers: readonly FieldReader[];
  readonly #fieldCount: number;

  #termIds = new Map<string, number>();
  #postings: PostingList[] = [];
  #ordOf = new Map<string, number>();
  /** _id by ordinal; undefined marks a dead ordinal */
  #ids: Array<string | undefined> = [];
  /** length (terms kept) of field f of ordinal o at o * fieldCount + f */
  #lengths = new Uint32Array(64);
  /** distinct term ids of each ordinal, to maintain document frequencies on delete */
  #docTerms: Int32Array[] = [];
  #live = 0;
  #dead = 0;
  #idsAscending = true;
  #fieldTotals: number[];
  #fieldDocs: number[];

  constructor(def: IndexDef) {
    this.name = def.name;
    this.fields = [...def.fields];
    this.#fieldCount = def.fields.length;
    this.weights = def.fields.map((field) => def.config?.weights?.[field] ?? 1);
    this.analyzer = new TextAnalyzer((def.config?.language ?? 'english') as TextLanguage);
    this.#readers = def.fields.map((field) => compileFieldReader(field));
    this.#fieldTotals = def.fields.map(() => 0);
    this.#fieldDocs = def.fields.map(() => 0);
  }

  get language(): TextLanguage {
    return this.analyzer.language;
  }

  /** N: documents with at least one term in an indexed field. */
  get documents(): number {
    return this.#live;
  }

  get fieldCount(): number {
    return this.#fieldCount;
  }

  /** Average length of field f over the documents where it has terms (0 when none has). */
  averageLength(f: number): number {
    const docs = this.#fieldDocs[f]!;
    return docs === 0 ? 0 : this.#fieldTotals[f]! / docs;
  }

  posting(term: string): PostingList | undefined {
    const id = this.#termIds.get(term);
    return id === undefined ? undefined : this.#postings[id];
  }

  /** _id of a live ordinal; undefined when the ordinal is dead. */
  idAt(ord: number): string | undefined {
    return this.#ids[ord];
  }

  /** _id by ordinal (undefined = dead), for read-only use in search loops. */
  get ids(): ReadonlyArray<string | undefined> {
    return this.#ids;
  }

  /** The raw per-ordinal field lengths (read-only use: ordinal o, field f at o * fieldCount + f). */
  get lengths(): Uint32Array {
    return this.#lengths;
  }

  /** true while every ordinal's _id is greater than the previous ordinal's */
  get idsAscending(): boolean {
    return this.#idsAscending;
  }

  ordinalOf(id: string): number | undefined {
    return this.#ordOf.get(id);
  }

  /** Replaces the content with `docs`. */
  build(docs: Iterable<Doc>): void {
    this.#termIds = new Map();
    this.#postings = [];
    this.#ordOf = new Map();
    this.#ids = [];
    this.#lengths = new Uint32Array(64);
    this.#docTerms = [];
    this.#live = 0;
    this.#dead = 0;
    this.#idsAscending = true;
    this.#fieldTotals = this.fields.map(() => 0);
    this.#fieldDocs = this.fields.map(() => 0);
    const sorted = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    for (const doc of sorted) this.#add(doc);
  }

  /** Applies one document change (insert: old undefined; delete: next undefined). */
  apply(old: Doc | undefined, next: Doc | undefined): void {
    if (old && next && this.#sameText(old, next)) return;
    if (old) this.#remove(old._id);
    if (next) this.#add(next);
    if (this.#dead >= COMPACT_MIN_DEAD && this.#dead >= this.#live) this.#compact();
  }

  #sameText(a: Doc, b: Doc): boolean {
    for (const read of this.#readers) if (read(a) !== read(b)) return false;
    return true;
  }

  #add(doc: Doc): void {
    const f = this.#fieldCount;
    const rows = new Map<string, number[]>();
    const lengths = new Array<number>(f).fill(0);
    for (let k = 0; k < f; k++) {
      const value = this.#readers[k]!(doc);
      if (typeof value !== 'string') continue;
      const terms = this.analyzer.terms(value);
      lengths[k] = terms.length;
      for (const term of terms) {
        let row = rows.get(term);
        if (!row) {
          row = new Array<number>(f).fill(0);
          rows.set(term, row);
        }
        row[k]!++;
      }
    }
    if (rows.size === 0) return; // nothing searchable: not part of N
    const ord = this.#ids.length;
    const previous = ord > 0 ? this.#ids[ord - 1] ?? this.#lastIdBefore(ord) : undefined;
    if (previous !== undefined && !(doc._id > previous)) this.#idsAscending = false;
    this.#ids.push(doc._id);
    this.#ordOf.set(doc._id, ord);
    if ((ord + 1) * f > this.#lengths.length) {
      const grown = new Uint32Array(Math.max(this.#lengths.length * 2, (ord + 1) * f));
      grown.set(this.#lengths);
      this.#lengths = grown;
    }
    for (let k = 0; k < f; k++) {
      this.#lengths[ord * f + k] = lengths[k]!;
      this.#fieldTotals[k]! += lengths[k]!;
      if (lengths[k]! > 0) this.#fieldDocs[k]!++;
    }
    const termIds = new Int32Array(rows.size);
    let i = 0;
    for (const [term, row] of rows) {
      let id = this.#termIds.get(term);
      if (id === undefined) {
        id = this.#postings.length;
        this.#termIds.set(term, id);
        this.#postings.push(new PostingList(f));
      }
      this.#postings[id]!.append(ord, row, lengths);
      termIds[i++] = id;
    }
    this.#docTerms[ord] = termIds;
    this.#live++;
  }

  #remove(id: string): void {
    const ord = this.#ordOf.get(id);
    if (ord === undefined) return;
    const f = this.#fieldCount;
    this.#ordOf.delete(id);
    this.#ids[ord] = undefined;
    for (const termId of this.#docTerms[ord]!) this.#postings[termId]!.live--;
    this.#docTerms[ord] = EMPTY_TERMS;
    for (let k = 0; k < f; k++) {
      const length = this.#lengths[ord * f + k]!;
      this.#fieldTotals[k]! -= length;
      if (length > 0) this.#fieldDocs[k]!--;
    }
    this.#live--;
    this.#dead++;
  }

  /** The _id of the nearest live ordinal below `ord` (dead ones keep no _id). */
  #lastIdBefore(ord: number): string | undefined {
    for (let o = ord - 1; o >= 0; o--) if (this.#ids[o] !== undefined) return this.#ids[o];
    return undefined;
  }

  /** Drops dead ordinals and unused terms; live documents are renumbered in _id order. */
  #compact(): void {
    const f = this.#fieldCount;
    const newOrd = new Int32Array(this.#ids.length).fill(-1);
    const ids: string[] = [];
    const lengths = new Uint32Array(Math.max(64, this.#live * f));
    const docTerms: Int32Array[] = [];
    const live: number[] = [];
    for (let ord = 0; ord < this.#ids.length; ord++) if (this.#ids[ord] !== undefined) live.push(ord);
    live.sort((a, b) => (this.#ids[a]! < this.#ids[b]! ? -1 : 1));
    for (const ord of live) {
      const id = this.#ids[ord]!;
      const next = ids.length;
      newOrd[ord] = next;
      ids.push(id);
      for (let k = 0; k < f; k++) lengths[next * f + k] = this.#lengths[ord * f + k]!;
      docTerms.push(this.#docTerms[ord]!);
    }
    const newTermId = new Int32Array(this.#postings.length).fill(-1);
    const termIds = new Map<string, number>();
    const postings: PostingList[] = [];
    for (const [term, id] of this.#termIds) {
      const list = this.#postings[id]!;
      if (list.live === 0) continue;
      list.remap(newOrd, (ord, k) => lengths[ord * f + k]!);
      newTermId[id] = postings.length;
      termIds.set(term, postings.length);
      postings.push(list);
    }
    for (const terms of docTerms) for (let i = 0; i < terms.length; i++) terms[i] = newTermId[terms[i]!]!;
    this.#ids = ids;
    this.#ordOf = new Map(ids.map((id, ord) => [id, ord]));
    this.#lengths = lengths;
    this.#docTerms = docTerms;
    this.#termIds = termIds;
    this.#postings = postings;
    this.#dead = 0;
    this.#idsAscending = true;
  }
}
