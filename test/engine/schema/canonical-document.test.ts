// The one-walk fast path of document validation must build exactly what the step-by-step path
// (jsonCopy -> applyDefaults -> normaliseObject) builds, byte for byte and key for key, whenever it
// does not give up.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NOT_CANONICAL, canonicalDocument } from '../../../src/engine/schema/canonical-document.js';
import { CanonicalForm } from '../../../src/engine/schema/canonical-form.js';
import { applyDefaults, jsonCopy, normaliseObject } from '../../../src/engine/schema/document-normalise.js';
import { normaliseTimestamp } from '../../../src/engine/schema/timestamp.js';
import type { FieldDef } from '../../../src/engine/types.js';

function stepByStep(fields: Record<string, FieldDef>, doc: Record<string, unknown>, withDefaults: boolean): { value: unknown; issues: number } {
  const issues: never[] = [];
  const copy = jsonCopy(doc, '', issues) as Record<string, unknown>;
  if (withDefaults) applyDefaults(fields, copy);
  return { value: normaliseObject(fields, copy), issues: issues.length };
}

/** JSON text plus what JSON hides: -0, frozenness and own keys at every level. */
function shape(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : value;
  if (value === null || typeof value !== 'object') return value;
  const frozen = Object.isFrozen(value);
  if (Array.isArray(value)) return { frozen, items: value.map(shape) };
  return { frozen, proto: Object.getPrototypeOf(value) === Object.prototype, entries: Object.keys(value).map((k) => [k, shape((value as Record<string, unknown>)[k])]) };
}

const NAMES = ['a', 'b', 'at', 'n', 'x', 'tags', 'meta', 'list', 'constructor', '10', '__proto__'];

const scalarDef: fc.Arbitrary<FieldDef> = fc.oneof(
  fc.record({ type: fc.constant('string' as const), default: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('int' as const), default: fc.option(fc.integer(), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('float' as const), default: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.constant({ type: 'bool' } as FieldDef),
  fc.record({ type: fc.constant('timestamp' as const), default: fc.option(fc.constant('2026-01-31T09:30:00+02:00'), { nil: undefined }) }, { requiredKeys: ['type'] }),
);

const fieldDef: fc.Arbitrary<FieldDef> = fc.letrec<{ def: FieldDef }>((tie) => ({
  def: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarDef,
    fc.record({ type: fc.constant('array' as const), items: fc.option(tie('def'), { nil: undefined }) }, { requiredKeys: ['type'] }),
    fc.record({
      type: fc.constant('object' as const),
      fields: fc.option(fc.dictionary(fc.constantFrom(...NAMES.slice(0, 8)), tie('def'), { maxKeys: 3 }), { nil: undefined }),
      default: fc.option(fc.constant({ a: 'x' }), { nil: undefined }),
    }, { requiredKeys: ['type'] }),
  ),
})).def;

const timestampText = fc.oneof(
  fc.constantFrom('2026-01-31T09:30:00Z', '2026-01-31T09:30:00.000Z', '2024-02-29T23:59:59.999Z', '2025-02-29T00:00:00.000Z', 'yesterday', '2026-13-01T00:00:00.000Z'),
  fc.date({ min: new Date(Date.UTC(0, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString()),
);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    timestampText,
    fc.integer(),
    fc.constantFrom(0, -0, 1.5, Number.NaN, Infinity, true, false, null, undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 4 }),
    fc.constantFrom(new Date(0), new Map(), 10n),
  ),
})).value;

describe('canonicalDocument and CanonicalForm', () => {
  test('builds exactly the step-by-step stored form whenever it does not give up', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...NAMES.slice(0, 9)), fieldDef, { maxKeys: 5 }),
        fc.dictionary(fc.constantFrom(...NAMES), jsonValue, { maxKeys: 6 }),
        fc.boolean(),
        fc.option(fc.constant('id-1'), { nil: undefined }),
        (fields, doc, withDefaults, id) => {
          const slow = stepByStep(fields, id === undefined ? doc : { ...doc, _id: id }, withDefaults);
          // the generic walk and the compiled one (twice: the second call runs the cached levels)
          const form = new CanonicalForm(fields);
          for (const fast of [canonicalDocument(fields, doc, withDefaults, id), form.document(doc, withDefaults, id), form.document(doc, withDefaults, id)]) {
            if (fast === NOT_CANONICAL) continue;
            expect(slow.issues).toBe(0);
            expect(shape(fast)).toEqual(shape(slow.value));
          }
        },
      ),
      { numRuns: 2000 },

    );
  });

  test('the compiled levels build the step-by-step stored form of documents shaped like their schema', () => {
    const safeFields = fc.dictionary(fc.constantFrom(...NAMES.slice(0, 8)), fieldDef, { minKeys: 1, maxKeys: 5 });
    const valueFor = (def: FieldDef | undefined): fc.Arbitrary<unknown> => {
      switch (def?.type) {
        case 'string':
          return fc.string({ maxLength: 3 });
        case 'int':
          return fc.constantFrom(0, -0, 1, 7, -3);
        case 'float':
          return fc.constantFrom(0, -0, 1.5, 2);
        case 'bool':
          return fc.boolean();
        case 'timestamp':
          return timestampText;
        case 'array':
          return fc.array(valueFor(def.items), { maxLength: 3 });
        case 'object':
          return docFor(def.fields ?? {});
        default:
          return jsonValue;
      }
    };
    const docFor = (fields: Record<string, FieldDef>): fc.Arbitrary<Record<string, unknown>> =>
      fc.record(Object.fromEntries(Object.entries(fields).map(([name, def]) => [name, fc.oneof(valueFor(def), valueFor(def), fc.constant(undefined), jsonValue)])), { requiredKeys: [] });
    fc.assert(
      fc.property(
        safeFields.chain((fields) => fc.tuple(fc.constant(fields), docFor(fields), fc.boolean())),
        ([fields, doc, withDefaults]) => {
          const slow = stepByStep(fields, doc, withDefaults);
          const form = new CanonicalForm(fields);
          for (const fast of [form.document(doc, withDefaults), form.document(doc, withDefaults)]) {
            if (fast === NOT_CANONICAL) continue;
            expect(slow.issues).toBe(0);
            expect(shape(fast)).toEqual(shape(slow.value));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('sets _id without copying the caller object first, and gives up on non-JSON values', () => {
    const fields: Record<string, FieldDef> = { _id: { type: 'string' }, at: { type: 'timestamp' }, n: { type: 'int', default: 3 } };
    const doc = canonicalDocument(fields, { at: '2026-01-31T09:30:00+02:00' }, true, 'd1');
    expect(doc).toEqual({ _id: 'd1', at: '2026-01-31T07:30:00.000Z', n: 3 });
    expect(Object.keys(doc as object)).toEqual(['_id', 'at', 'n']);
    expect(canonicalDocument(fields, { _id: 'other', n: 1 }, true, 'd1')).toEqual({ _id: 'd1', n: 1 });
    expect(canonicalDocument(fields, { at: new Date(0) }, true, 'd1')).toBe(NOT_CANONICAL);
    expect(canonicalDocument(fields, { x: [1, undefined] }, true, 'd1')).toBe(NOT_CANONICAL);
  });
});

describe('normaliseTimestamp fast path for canonical UTC text', () => {
  // The regex + Date path, as it was before the fast path (the reference).
  function reference(text: string): string | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(text);
    if (!m) return null;
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
    const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
    const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1];
    if (month! < 1 || month! > 12 || day! < 1 || day! > dim! || hour! > 23 || minute! > 59 || second! > 59) return null;
    const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
    const date = new Date(0);
    date.setUTCFullYear(year!, month! - 1, day!);
    date.setUTCHours(hour!, minute!, second!, millis);
    return date.toISOString();
  }
  test('agrees with the regex + Date path on canonical-shaped text', () => {
    const digit = fc.constantFrom(...'0123456789');
    const d = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
    const sep = (c: string) => fc.constantFrom(c, c, c, c, 'x');
    const text = fc.tuple(d(4), sep('-'), d(2), sep('-'), d(2), sep('T'), d(2), sep(':'), d(2), sep(':'), d(2), sep('.'), d(3), sep('Z')).map((p) => p.join(''));
    fc.assert(fc.property(text, (t) => {
      expect(normaliseTimestamp(t)).toBe(reference(t));
    }), { numRuns: 5000 });
    for (const t of ['0000-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '9999-12-31T23:59:59.999Z']) {
      expect(normaliseTimestamp(t)).toBe(reference(t));
    }
  });
});
