// Stored documents' JSON texts are remembered by identity: same bytes as JSON.stringify, a replaced
// document gets its new text, unfrozen objects are never remembered, and the cache stays bounded.
import { describe, expect, it } from 'vitest';
import { DocumentJsonCache } from '../../src/server/http/document-json.js';

const frozen = <T extends object>(value: T): T => Object.freeze(value);

describe('DocumentJsonCache', () => {
  it('returns exactly JSON.stringify for documents and arrays of them', () => {
    const cache = new DocumentJsonCache();
    const doc = frozen({ _id: 'a', title: 'q"uote\u2028', n: 1.5, tags: ['x'], nested: { b: null } });
    expect(cache.text(doc)).toBe(JSON.stringify(doc));
    expect(cache.text(doc)).toBe(JSON.stringify(doc));
    const docs = [doc, frozen({ _id: 'b' }), { _id: 'c' }];
    expect(cache.arrayText(docs)).toBe(JSON.stringify(docs));
    expect(cache.arrayText([])).toBe('[]');
  });

  it('gives a replaced document its new text and never remembers a mutable object', () => {
    const cache = new DocumentJsonCache();
    const v1 = frozen({ _id: 'a', n: 1 });
    expect(cache.text(v1)).toBe('{"_id":"a","n":1}');
    const v2 = frozen({ ...v1, n: 2 });
    expect(cache.text(v2)).toBe('{"_id":"a","n":2}');
    const mutable: Record<string, unknown> = { _id: 'm', n: 1 };
    expect(cache.text(mutable)).toBe('{"_id":"m","n":1}');
    mutable['n'] = 2;
    expect(cache.text(mutable)).toBe('{"_id":"m","n":2}');
  });

  it('starts over when full and keeps answering correctly', () => {
    const cache = new DocumentJsonCache(3);
    const docs = Array.from({ length: 10 }, (_, i) => frozen({ _id: `d${i}` }));
    for (let round = 0; round < 2; round++) for (const doc of docs) expect(cache.text(doc)).toBe(JSON.stringify(doc));
  });
});
