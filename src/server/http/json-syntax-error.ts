// A malformed-JSON error that points at the first bad byte (V8's own messages often omit it).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AeroError } from '../../engine/errors/aero-error.js';

/**
 * The AERO_QUERY_MALFORMED_JSON error for `text`, which JSON.parse rejected. `source` names where
 * the text came from ("request body", "query parameter \"filter\"").
 */
export function jsonSyntaxError(text: string, source: string, cause: unknown): AeroError {
  const found = firstSyntaxError(text);
  const position = found?.offset ?? v8Position(cause) ?? null;
  const reason = found ? describe(found) : cause instanceof Error ? cause.message : 'invalid JSON';
  const where = position === null ? '' : ` at position ${position} (${lineColumn(text, position)})`;
  const excerpt = position === null ? null : text.slice(Math.max(0, position - 20), position + 20);
  return new AeroError('AERO_QUERY_MALFORMED_JSON', `the ${source} is not valid JSON: ${reason}${where}`, {
    details: { source, position, ...(position === null ? {} : lineColumnOf(text, position)), near: excerpt },
  });
}

function firstSyntaxError(text: string): ParseError | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0];
}

function describe(error: ParseError): string {
  // "ValueExpected" -> "value expected"
  return printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function v8Position(cause: unknown): number | undefined {
  const match = cause instanceof Error ? /at position (\d+)/.exec(cause.message) : null;
  return match ? Number(match[1]) : undefined;
}

function lineColumnOf(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function lineColumn(text: string, position: number): string {
  const { line, column } = lineColumnOf(text, position);
  return `line ${line}, column ${column}`;
}
