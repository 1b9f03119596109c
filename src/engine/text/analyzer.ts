// Text analysis (SPEC §6): NFC-normalise, split into Unicode words (letters, marks and digits), lower-case,
// then for "english" drop stop words and Porter-stem; "simple" stops after lower-casing. The same
// analyzer runs on indexed documents and on queries, so both sides produce the same terms.
import { stemmer } from 'stemmer';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

export type TextLanguage = 'english' | 'simple';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Stem cache size: beyond this the cache is cleared (the output never depends on it). */
const STEM_CACHE_LIMIT = 50_000;

export class TextAnalyzer {
  readonly language: TextLanguage;
  // Stemming is the expensive step and vocabularies are small, so stems are memoised per analyzer.
  readonly #stems = new Map<string, string>();

  constructor(language: TextLanguage) {
    this.language = language;
  }

  /** The terms of `text`, in order, repeats kept (term frequencies count them). */
  terms(text: string): string[] {
    const out: string[] = [];
    const words = text.normalize('NFC').toLowerCase().match(WORD);
    if (!words) return out;
    if (this.language === 'simple') return words;
    for (const word of words) {
      if (ENGLISH_STOP_WORDS.has(word)) continue;
      out.push(this.#stem(word));
    }
    return out;
  }

  #stem(word: string): string {
    let stem = this.#stems.get(word);
    if (stem === undefined) {
      stem = stemmer(word);
      if (this.#stems.size >= STEM_CACHE_LIMIT) this.#stems.clear();
      this.#stems.set(word, stem);
    }
    return stem;
  }
}
