import { AeroError } from '../errors/aero-error.js';
import type { ErrorCode } from '../errors/registry.js';
import { migrationFileName, nextVersion } from './file-name.js';
import type { MigrationProblem, MigrationStatus } from './migration-types.js';

export interface ProblemDescription {
  /** one line naming the migration and what is wrong */
  text: string;
  /** the commands that fix it, one per line (alternatives are all listed) */
  fix: string[];
}

/** Names the problem and the exact commands that fix it. */
export function describeProblem(problem: MigrationProblem, migrationsDir = 'migrations'): ProblemDescription {
  switch (problem.kind) {
    case 'modified': {
      const path = `${migrationsDir}/${problem.file}`;
      return {
        text: `${problem.version} ${problem.name}: modified after it was applied`,
        fix: [
          `see the edit:        git diff -- ${path}`,
          `restore the file:    git checkout -- ${path}`,
          `or accept the edit:  aerodb migrate resolve ${problem.version} --accept-modified --reason "<why>"`,
        ],
      };
    }
    case 'missing': {
      const path = `${migrationsDir}/${migrationFileName(problem.version, problem.name)}`;
      return { text: `${problem.version} ${problem.name}: applied, but its file is missing`, fix: [`restore the file:    git checkout -- ${path}`] };
    }
    case 'out_of_order': {
      const target = migrationFileName(nextVersion(problem.highest_applied), problem.name);
      return {
        text: `${problem.version} ${problem.name}: pending, but sorts below the applied ${problem.highest_applied}`,
        fix: [`renumber it:         git mv ${migrationsDir}/${problem.file} ${migrationsDir}/${target}  (and set "version" in the file)`],
      };
    }
  }
}

/** The problem line with its checksums (for one-line contexts such as an error message). */
export function problemWithChecksums(problem: MigrationProblem): string {
  const { text } = describeProblem(problem);
  if (problem.kind === 'modified') return `${text} (expected ${problem.expected_checksum}, actual ${problem.actual_checksum})`;
  if (problem.kind === 'missing') return `${text} (expected ${problem.expected_checksum})`;
  return text;
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
  const first = blocking[0]!;
  throw new AeroError(CODE_OF[first.kind], `${action} refused: ${blocking.map(problemWithChecksums).join('; ')}. Nothing was applied.`, {
    details: { problems: blocking },
    hint: blocking.flatMap((p) => describeProblem(p).fix).join('\n'),
  });
}
