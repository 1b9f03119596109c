import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../../src/engine/text/text-index.js';
import type { Doc } from '../../../src/engine/types.js';

const def = { name: 'search', type: 'text' as const, fields: ['title', 'body'], config: { language: 'simple' as const, weights: { title: 3 } } };

describe('TextIndex', () => {
  it('keeps document frequencies, lengths and N exact through updates and deletes', () => {
    const index = new TextIndex(def);
    const a: Doc = { _id: 'a', title: 'x y', body: 'x x z' };
    const b: Doc = { _id: 'b', body: 'y' };
    index.build([a, b, { _id: 'empty', title: '' }]);
    expect(index.documents).toBe(2); // a document without terms is not part of N
    expect(index.weights).toEqual([3, 1]);
    expect(index.posting('x')!.live).toBe(1);
    expect(index.posting('y')!.live).toBe(2);
    expect(index.averageLength(0)).toBe(2); // title only in a
    expect(index.averageLength(1)).toBe(2); // (3 + 1) / 2
    index.apply(b, { _id: 'b', body: 'x' });
    expect(index.posting('x')!.live).toBe(2);
    expect(index.posting('y')!.live).toBe(1);
    index.apply(a, undefined);
    expect(index.documents).toBe(1);
    expect(index.averageLength(0)).toBe(0);
    expect(index.posting('z')!.live).toBe(0);
  });

  it('compacts once dead ordinals outnumber live ones, keeping every posting', () => {
    const index = new TextIndex(def);
    let docs: Doc[] = Array.from({ length: 100 }, (_, i) => ({ _id: `d${i}`, body: 'alpha' }));
    index.build(docs);
    for (let round = 0; round < 50; round++) {
      docs = docs.map((old, i) => {
        const next: Doc = { _id: old._id, body: round % 2 ? 'alpha beta' : `alpha gamma${i % 3}` };
        index.apply(old, next);
        return next;
      });
    }
    // 5,000 rewrites: without compaction ordinals would have reached 5,099
    expect(Math.max(...docs.map((d) => index.ordinalOf(d._id)!))).toBeLessThan(1100);
    expect(index.posting('alpha')!.live).toBe(100);
    expect(index.posting('beta')!.live).toBe(100);
    expect(index.posting('gamma0')?.live ?? 0).toBe(0);
    const alpha = index.posting('alpha')!;
    const ords = [...alpha.ords.subarray(0, alpha.size)].filter((ord) => index.idAt(ord) !== undefined);
    expect(ords).toEqual([...ords].sort((x, y) => x - y));
    expect(new Set(ords.map((ord) => index.idAt(ord))).size).toBe(100);
  });
});
