import { describe, expect, it } from 'vitest';
import { AeroError } from '../../src/engine/errors/aero-error.js';
import type { SchemaDrift } from '../../src/engine/migrations/schema-drift.js';
import type { MigrationStatusEntry } from '../../src/engine/migrations/migration-types.js';
import type { DescribedProblem } from '../../src/services/report-types.js';
import { diffProjectStates, EMPTY_PROJECT_STATE, nextProjectState, type MigrationsState, type ProjectState } from '../../src/services/watchers/project-state.js';

const CLEAN: SchemaDrift = { clean: true, entries: [], fix: null };

function entry(version: string, state: MigrationStatusEntry['state'], checksum = `sha256:${version}`): MigrationStatusEntry {
  return { version, name: `m${version}`, state, applied_at: state === 'pending' ? null : '2026-01-01T00:00:00.000Z', checksum, applied_checksum: state === 'pending' ? null : `sha256:${version}`, file: `${version}_m${version}.aeromigration.json`, out_of_order: false, resolutions: [] };
}

function modified(version: string, actual: string): DescribedProblem {
  return { kind: 'modified', version, name: `m${version}`, file: `${version}_m${version}.aeromigration.json`, expected_checksum: `sha256:${version}`, actual_checksum: actual, message: `${version} m${version}: modified after it was applied`, fix: ['or accept the edit:  aerodb migrate resolve ...'] };
}

function state(migrations: MigrationsState, drift: SchemaDrift = CLEAN): ProjectState {
  return nextProjectState(EMPTY_PROJECT_STATE, migrations, drift);
}

describe('watch state differences', () => {
  it('the first reading reports what is already pending, modified or drifted', () => {
    const drift: SchemaDrift = { clean: false, entries: [{ file: 'posts.json', collection: 'posts', kind: 'changed', changes: ['field "title" changed: maxLength 200 -> 300'] }], fix: 'x' };
    const first = state({ entries: [entry('001', 'modified', 'sha256:new'), entry('002', 'pending')], problems: [modified('001', 'sha256:new')] }, drift);
    expect(diffProjectStates(EMPTY_PROJECT_STATE, first).map((e) => e.kind)).toEqual(['migration_pending', 'migration_problem', 'schema_drift']);
  });

  it('reports a new pending file once, and its removal', () => {
    const a = state({ entries: [entry('001', 'applied')], problems: [] });
    const b = state({ entries: [entry('001', 'applied'), entry('002', 'pending')], problems: [] });
    expect(diffProjectStates(a, b)).toEqual([{ kind: 'migration_pending', version: '002', name: 'm002', file: '002_m002.aeromigration.json' }]);
    // an edit of the pending file changes its checksum, which is not news
    const edited = state({ entries: [entry('001', 'applied'), entry('002', 'pending', 'sha256:edited')], problems: [] });
    expect(diffProjectStates(b, edited)).toEqual([]);
    expect(diffProjectStates(edited, a)).toEqual([{ kind: 'migration_removed', version: '002', name: 'm002', file: '002_m002.aeromigration.json' }]);
    // applied by a command: no longer pending, not removed
    expect(diffProjectStates(b, state({ entries: [entry('001', 'applied'), entry('002', 'applied')], problems: [] }))).toEqual([]);
  });

  it('reports a modified file again after another edit, and when it is fixed', () => {
    const ok = state({ entries: [entry('001', 'applied')], problems: [] });
    const once = state({ entries: [entry('001', 'modified', 'sha256:a')], problems: [modified('001', 'sha256:a')] });
    const twice = state({ entries: [entry('001', 'modified', 'sha256:b')], problems: [modified('001', 'sha256:b')] });
    expect(diffProjectStates(ok, once).map((e) => e.kind)).toEqual(['migration_problem']);
    expect(diffProjectStates(once, once)).toEqual([]);
    expect(diffProjectStates(once, twice).map((e) => e.kind)).toEqual(['migration_problem']);
    expect(diffProjectStates(twice, ok)).toEqual([{ kind: 'migration_problem_cleared', problem: modified('001', 'sha256:b') }]);
  });

  it('an unreadable migrations/ is reported once and keeps the last readable state', () => {
    const ok = state({ entries: [entry('001', 'applied')], problems: [] });
    const error = new AeroError('AERO_MIGRATION_INVALID', 'migrations/002_x.aeromigration.json is not valid JSON');
    const broken = nextProjectState(ok, error, CLEAN);
    expect(diffProjectStates(ok, broken)).toEqual([{ kind: 'migrations_unreadable', error: error.toJSON() }]);
    expect(diffProjectStates(broken, nextProjectState(broken, error, CLEAN))).toEqual([]);
    expect(broken.migrations).toBe(ok.migrations);
    const fixed = nextProjectState(broken, { entries: [entry('001', 'applied'), entry('002', 'pending')], problems: [] }, CLEAN);
    expect(diffProjectStates(broken, fixed).map((e) => e.kind)).toEqual(['migrations_readable', 'migration_pending']);
  });

  it('schema drift per file: new or changed differences, and cleared files', () => {
    const one: SchemaDrift = { clean: false, entries: [{ file: 'posts.json', collection: 'posts', kind: 'changed', changes: ['a'] }], fix: 'x' };
    const two: SchemaDrift = { clean: false, entries: [{ file: 'posts.json', collection: 'posts', kind: 'changed', changes: ['a', 'b'] }, { file: 'tags.json', collection: 'tags', kind: 'added', changes: ['collection tags is not applied'] }], fix: 'x' };
    const base = { entries: [], problems: [] };
    const events = diffProjectStates(state(base, one), state(base, two));
    expect(events.map((e) => (e.kind === 'schema_drift' ? e.entry.file : e.kind))).toEqual(['posts.json', 'tags.json']);
    const tags = events[1]!;
    expect(tags.kind === 'schema_drift' && tags.fix).toContain('rm schemas/tags.json');
    const posts = events[0]!;
    expect(posts.kind === 'schema_drift' && posts.fix).toContain('aerodb migrate new NAME --from-schemas');
    expect(diffProjectStates(state(base, two), state(base, CLEAN))).toEqual([
      { kind: 'schema_drift_cleared', file: 'posts.json' },
      { kind: 'schema_drift_cleared', file: 'tags.json' },
    ]);
  });
});
