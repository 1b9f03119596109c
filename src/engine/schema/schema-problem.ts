import { AeroError } from '../errors/aero-error.js';
import { showPointer } from './json-pointer.js';

/** One thing wrong with a schema (or a schema operation): where, what, and the fix. */
export interface SchemaProblem {
  pointer: string;
  message: string;
  hint: string;
}

/**
 * AERO_SCHEMA_INVALID for a list of problems: the message names the first (with its pointer), the
 * details carry all of them. `subject` says what was being checked ("schema", "schema operation").
 */
export function schemaInvalidError(problems: readonly SchemaProblem[], subject = 'schema', extraDetails: Record<string, unknown> = {}): AeroError {
  const first = problems[0] ?? { pointer: '', message: 'is invalid', hint: 'Fix the schema.' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}, see details.problems)` : '';
  return new AeroError('AERO_SCHEMA_INVALID', `Invalid ${subject} at ${showPointer(first.pointer)}: ${first.message}${more}`, {
    details: { ...extraDetails, pointer: first.pointer, reason: first.message, problems: problems.map((p) => ({ ...p })) },
    hint: first.hint,
  });
}

/** Sorts problems by pointer (stable for equal pointers) so reports do not depend on check order. */
export function sortProblems(problems: SchemaProblem[]): SchemaProblem[] {
  return problems
    .map((problem, i) => ({ problem, i }))
    .sort((a, b) => (a.problem.pointer < b.problem.pointer ? -1 : a.problem.pointer > b.problem.pointer ? 1 : a.i - b.i))
    .map(({ problem }) => problem);
}
