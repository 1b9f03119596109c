import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { ERROR_REGISTRY, type ErrorCode } from '../../../src/engine/errors/registry.js';

const AREAS = ['CONFIG', 'SCHEMA', 'VALIDATION', 'QUERY', 'REFERENCE', 'MIGRATION', 'WAL', 'STORAGE', 'RECOVERY', 'AUTH', 'RLS', 'REALTIME', 'FUNCTION', 'LIMIT', 'OPLOG', 'INTERNAL'];

describe('error registry', () => {
  it('names every code AERO_<AREA>_<NAME> with a status, a meaning and a hint', () => {
    for (const [code, spec] of Object.entries(ERROR_REGISTRY)) {
      // AERO_NOT_FOUND is the one area-less code (issue 6 names it so).
      if (code !== 'AERO_NOT_FOUND') expect(AREAS, code).toContain(code.split('_')[1]);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.meaning.length).toBeGreaterThan(10);
      expect(spec.hint.length).toBeGreaterThan(10);
    }
  });

  it('docs/errors.md lists every code (regenerate with npm run docs:errors)', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_REGISTRY)) expect(doc, code).toContain(`\`${code}\``);
  });

  it('AeroError carries the registry status and default hint', () => {
    const error = new AeroError('AERO_QUERY_UNBOUNDED' as ErrorCode, 'query on "posts" has no limit');
    expect(error.toJSON()).toEqual({
      code: 'AERO_QUERY_UNBOUNDED',
      message: 'query on "posts" has no limit',
      status: 400,
      details: {},
      hint: ERROR_REGISTRY.AERO_QUERY_UNBOUNDED.hint,
    });
  });
});
