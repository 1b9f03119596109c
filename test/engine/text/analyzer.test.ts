import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../../src/engine/text/analyzer.js';

describe('text analyzer', () => {
  it('english: Unicode word split, lower-case, stop words out, Porter stems', () => {
    const english = new TextAnalyzer('english');
    expect(english.terms('The Quick-brown foxes are RUNNING to the databases!')).toEqual(['quick', 'brown', 'fox', 'run', 'databas']);
    expect(english.terms('Café naïve 42 déjà-vu')).toEqual(['café', 'naïv', '42', 'déjà', 'vu']);
    expect(english.terms('...!!')).toEqual([]);
    expect(english.terms('the and of')).toEqual([]);
  });

  it('simple: split and lower-case only', () => {
    expect(new TextAnalyzer('simple').terms('The Quick-brown foxes are RUNNING')).toEqual(['the', 'quick', 'brown', 'foxes', 'are', 'running']);
  });

  it('normalises to NFC so composed and decomposed text give the same term', () => {
    const simple = new TextAnalyzer('simple');
    expect(simple.terms('cafe\u0301')).toEqual(simple.terms('café'));
  });
});
