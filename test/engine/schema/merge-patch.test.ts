import { describe, expect, test } from 'vitest';
import { mergePatch } from '../../../src/engine/schema/merge-patch.js';
import type { Doc } from '../../../src/engine/types.js';
import { catchAero } from './fixtures.js';

const old: Doc = Object.freeze({ _id: 'p1', title: 'One', views: 3, meta: Object.freeze({ lang: 'en' }) });

describe('mergePatch', () => {
  test('top-level keys of the patch replace the old ones (shallow)', () => {
    expect(mergePatch(old, { title: 'Uno', meta: { country: 'it' } })).toEqual({ _id: 'p1', title: 'Uno', views: 3, meta: { country: 'it' } });
  });
  test('null sets null (validation decides), undefined is ignored', () => {
    expect(mergePatch(old, { views: null, title: undefined })).toEqual({ _id: 'p1', title: 'One', views: null, meta: { lang: 'en' } });
  });
  test('_id may repeat but not change', () => {
    expect(mergePatch(old, { _id: 'p1', views: 4 })['views']).toBe(4);
    const err = catchAero(() => mergePatch(old, { _id: 'p2' }));
    expect(err.code).toBe('AERO_VALIDATION_ID_MISMATCH');
    expect(err.message).toContain('"p2"');
  });
  test('a patch must be an object', () => {
    expect(catchAero(() => mergePatch(old, [] as never)).code).toBe('AERO_VALIDATION_FAILED');
  });
  test('the old document is not mutated', () => {
    mergePatch(old, { title: 'x' });
    expect(old['title']).toBe('One');
  });
});

test('a "__proto__" key stays a plain (then undeclared) key', () => {
  const merged = mergePatch(old, JSON.parse('{"__proto__":{"polluted":true}}'));
  expect(Object.keys(merged)).toContain('__proto__');
  expect((merged as Record<string, unknown>)['polluted']).toBeUndefined();
});
