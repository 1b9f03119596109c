import { describe, expect, it } from 'vitest';
import type { Migration, MigrationRecord } from '../../../src/engine/migrations/migration-types.js';
import { assertNoProblems, describeProblem } from '../../../src/engine/migrations/problems.js';
import { computeMigrationStatus } from '../../../src/engine/migrations/status.js';
import { AeroError } from '../../../src/engine/errors/aero-error.js';

const file = (version: string, name: string, checksum = `sha256:${version}`): Migration => ({
  version, name, file: `${version}_${name}.aeromigration.json`, path: `/m/${version}_${name}.aeromigration.json`, checksum, up: [], down: [],
});
const row = (version: string, name: string, checksum = `sha256:${version}`, direction: 'up' | 'down' = 'up'): MigrationRecord => ({
  _id: version, version, name, checksum, applied_at: '2026-01-01T00:00:00.000Z', lsn: 1, direction, resolutions: [],
});

describe('migration status', () => {
  it('classifies applied, pending, modified and missing', () => {
    const status = computeMigrationStatus(
      [file('001', 'a'), file('002', 'b', 'sha256:edited'), file('004', 'd')],
      [row('001', 'a'), row('002', 'b'), row('003', 'c')],
    );
    expect(status.entries.map((e) => [e.version, e.state, e.out_of_order])).toEqual([
      ['001', 'applied', false],
      ['002', 'modified', false],
      ['003', 'missing', false],
      ['004', 'pending', false],
    ]);
    expect(status.current).toBe('003');
    expect(status.problems.map((p) => p.kind)).toEqual(['modified', 'missing']);
    expect(status.problems[0]).toMatchObject({ expected_checksum: 'sha256:002', actual_checksum: 'sha256:edited' });
  });

  it('flags a pending version below the highest applied one as out of order', () => {
    const status = computeMigrationStatus([file('001', 'a'), file('002', 'late'), file('003', 'c')], [row('001', 'a'), row('003', 'c')]);
    expect(status.entries[1]).toMatchObject({ version: '002', state: 'pending', out_of_order: true });
    expect(status.problems).toEqual([{ kind: 'out_of_order', version: '002', name: 'late', file: '002_late.aeromigration.json', highest_applied: '003' }]);
    expect(describeProblem(status.problems[0]!).fix.join('\n')).toContain('004_late.aeromigration.json');
  });

  it('treats rolled-back rows as pending and never compares their checksum', () => {
    const status = computeMigrationStatus([file('001', 'a'), file('002', 'b', 'sha256:changed-after-down')], [row('001', 'a'), row('002', 'b', 'sha256:002', 'down')]);
    expect(status.entries.map((e) => e.state)).toEqual(['applied', 'pending']);
    expect(status.problems).toEqual([]);
    expect(status.current).toBe('001');
  });

  it('refuses with the exact resolve command', () => {
    const status = computeMigrationStatus([file('001', 'a', 'sha256:new')], [row('001', 'a', 'sha256:old')]);
    try {
      assertNoProblems(status, 'migrate up');
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(AeroError);
      const e = err as AeroError;
      expect(e.code).toBe('AERO_MIGRATION_MODIFIED');
      expect(e.message).toContain('expected sha256:old, actual sha256:new');
      expect(e.hint).toContain('aerodb migrate resolve 001 --accept-modified --reason');
    }
    expect(() => assertNoProblems(status, 'migrate down', ['missing'])).not.toThrow();
  });
});
