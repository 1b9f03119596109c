import type { ErrorObject } from 'ajv';
import { AERO_TYPE_KEYWORD, INT_FORMAT, TIMESTAMP_FORMAT } from './aero-ajv.js';
import { jsonTypeOf } from './json-type.js';
import { pointerJoin, showPointer } from './json-pointer.js';

/** One failing field of a document (SPEC §3: pointer, rule, received type). */
export interface ValidationIssue {
  pointer: string;
  /** type | nullable | int | timestamp | required | undeclared | virtual | json | enum | minLength | ... */
  rule: string;
  message: string;
  /** JSON type of the received value, or "missing" */
  received: string;
}

// When one field breaks several rules, the most basic one is reported (a number in a string enum
// field is a type error, not an enum error).
const RULE_PRIORITY = ['json', 'nullable', 'type', 'int', 'timestamp', 'required', 'undeclared', 'virtual'];

/** Converts ajv errors into one issue per failing field, sorted by pointer. */
export function issuesFromAjv(errors: readonly ErrorObject[], extra: readonly ValidationIssue[] = []): ValidationIssue[] {
  const byPointer = new Map<string, ValidationIssue>();
  const consider = (issue: ValidationIssue): void => {
    const current = byPointer.get(issue.pointer);
    if (!current || rank(issue.rule) < rank(current.rule)) byPointer.set(issue.pointer, issue);
  };
  for (const issue of extra) consider(issue);
  for (const error of errors) {
    const issue = issueFromAjv(error);
    if (issue) consider(issue);
  }
  return [...byPointer.values()].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

function rank(rule: string): number {
  const i = RULE_PRIORITY.indexOf(rule);
  return i === -1 ? RULE_PRIORITY.length : i;
}

function issueFromAjv(error: ErrorObject): ValidationIssue | null {
  const at = error.instancePath;
  const where = showPointer(at);
  const received = jsonTypeOf(error.data);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return null; // nullable wrapper; the failing branch reports the real problem
    case 'required': {
      const pointer = pointerJoin(at, String(params['missingProperty']));
      return { pointer, rule: 'required', message: `${pointer} is required but missing`, received: 'missing' };
    }
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const pointer = pointerJoin(at, name);
      const declared = Object.keys((parent['properties'] ?? {}) as object);
      const value = (error.data as Record<string, unknown>)[name];
      return {
        pointer,
        rule: 'undeclared',
        message: `${pointer} is not a declared field (declared here: ${declared.join(', ') || 'none'})`,
        received: jsonTypeOf(value),
      };
    }
    case 'false schema':
      return { pointer: at, rule: 'virtual', message: `${where} is a reverse_reference: it is filled by expand and can never be written`, received };
    case 'type':
      if (error.data === null) {
        return { pointer: at, rule: 'nullable', message: `${where} must not be null (the field is not nullable)`, received };
      }
      return { pointer: at, rule: 'type', message: `${where} must be ${describeType(parent[AERO_TYPE_KEYWORD])}, got ${received}`, received };
    case 'format':
      if (params['format'] === INT_FORMAT) {
        return { pointer: at, rule: 'int', message: `${where} must be a safe integer (no fraction, |n| <= 2^53-1), got ${String(error.data)}`, received };
      }
      if (params['format'] === TIMESTAMP_FORMAT) {
        return { pointer: at, rule: 'timestamp', message: `${where} must be an RFC 3339 timestamp like 2026-01-31T09:30:00Z, got ${JSON.stringify(error.data)}`, received };
      }
      break;
    case 'enum':
      return { pointer: at, rule: 'enum', message: `${where} must be one of ${(error.schema as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(error.data)}`, received };
    case 'minLength':
    case 'maxLength':
      return { pointer: at, rule: error.keyword, message: `${where} must be ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(error.schema)} characters long`, received };
    case 'minItems':
    case 'maxItems':
      return { pointer: at, rule: error.keyword, message: `${where} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(error.schema)} items`, received };
    case 'minimum':
    case 'maximum':
      return { pointer: at, rule: error.keyword, message: `${where} must be ${error.keyword === 'minimum' ? '>=' : '<='} ${String(error.schema)}, got ${String(error.data)}`, received };
    case 'pattern':
      return { pointer: at, rule: 'pattern', message: `${where} must match the pattern ${String(error.schema)}`, received };
  }
  return { pointer: at, rule: error.keyword, message: `${where} ${error.message ?? 'is invalid'}`, received };
}

function describeType(aeroType: unknown): string {
  switch (aeroType) {
    case 'string':
      return 'a string';
    case 'int':
      return 'an int (a safe integer)';
    case 'float':
      return 'a float (a finite number)';
    case 'bool':
      return 'a bool (true or false)';
    case 'timestamp':
      return 'a timestamp string (RFC 3339)';
    case 'reference':
      return 'a reference (the target document _id as a string)';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return String(aeroType);
  }
}
