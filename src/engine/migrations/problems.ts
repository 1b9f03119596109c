import { AeroError } from '../errors/aero-error.js';
import type { ErrorCode } from '../errors/registry.js';
import { migrationFileName, nextVersion } from './file-name.js';
import type { MigrationProblem, MigrationStatus } from './migration-types.js';

/** One line per problem, naming the file, the checksums and the command that fixes it. */
export function describeProblem(problem: MigrationProblem, migrationsDir = 'migrations'): { text: string; fix: string } {
  switch (problem.kind) {
    case 'modified':
      return {
        text: `${problem.version} ${problem.name}: modified after it was applied (expected ${problem.expected_checksum}, actual ${problem.actual_checksum})`,
        fix: `git diff -- ${migrationsDir}/${problem.file}  then restore it with  git checkout -- ${migrationsDir}/${problem.file}  or accept it with  aerodb migrate resolve ${problem.version} --accept-modified --reason "<why>"`,
      };
    case 'missing':
      return {
        text: `${problem.version} ${problem.name}: applied but the file is missing (expected ${problem.expected_checksum})`,
        fix: `restore it with  git checkout -- ${migrationsDir}/${migrationFileName(problem.version, problem.name)}`,
      };
    case 'out_of_order':
      return {
        text: `${problem.version} ${problem.name}: pending but sorts below the applied ${problem.highest_applied}`,
        fix: `renumber it above ${problem.highest_applied}:  git mv ${migrationsDir}/${problem.file} ${migrationsDir}/${migrationFileName(nextVersion(problem.highest_applied), problem.name)}  (and edit its "version")`,
      };
  }
}

const CODE_OF: Record<MigrationProblem['kind'], ErrorCode> = {
  modified: 'AERO_MIGRATION_MODIFIED',
  missing: 'AERO_MIGRATION_MISSING',
  out_of_order: 'AERO_MIGRATION_OUT_OF_ORDER',
};

/** Throws when the history has problems (`kinds` selects which ones block the caller). */
export function assertNoProblems(status: MigrationStatus, action: string, kinds: ReadonlyArray<MigrationProblem['kind']> = ['modified', 'missing', 'out_of_order']): void {
  const blocking = status.problems.filter((p) => kinds.includes(p.kind));
  if (blocking.length === 0) return;
  const described = blocking.map((p) => describeProblem(p));
  const first = blocking[0]!;
  throw new AeroError(CODE_OF[first.kind], `${action} refused: ${described.map((d) => d.text).join('; ')}. Nothing was applied.`, {
    details: { problems: blocking },
    hint: described.map((d) => d.fix).join('\n'),
  });
}
