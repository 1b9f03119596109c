import type { ValidateFunction } from 'ajv';
import { AeroError } from '../errors/aero-error.js';
import type { AppliedSchema, CollectionSchema, Doc, NewDoc } from '../types.js';
import { NOT_CANONICAL } from './canonical-document.js';
import { CanonicalForm } from './canonical-form.js';
import { applyDefaults, jsonCopy, normaliseObject } from './document-normalise.js';
import { isPlainObject, jsonTypeOf } from './json-type.js';
import { issuesFromAjv, type ValidationIssue } from './validation-issues.js';

export type CheckResult = { ok: true; doc: Doc } | { ok: false; issues: ValidationIssue[] };

/** How many issue messages the error message itself lists (details.errors has all of them). */
const MESSAGE_ISSUES = 3;

/**
 * One schema version compiled to ajv: validates whole documents and returns their canonical stored
 * form (a fresh, key-sorted, deep-frozen copy with timestamps normalised to UTC).
 */
export class CompiledSchema {
  readonly collection: string;
  readonly schemaVersion: number | undefined;
  readonly schema: Readonly<CollectionSchema>;
  private readonly validate: ValidateFunction;
  private readonly canonical: CanonicalForm;

  constructor(schema: Readonly<CollectionSchema | AppliedSchema>, validate: ValidateFunction) {
    this.collection = schema.collection;
    this.schemaVersion = 'schema_version' in schema ? schema.schema_version : undefined;
    this.schema = schema;
    this.validate = validate;
    this.canonical = new CanonicalForm(schema.fields);
  }

  /** A new document: absent fields with a default get (a copy of) it, then full validation. */
  validateInsert(doc: NewDoc & { _id: string }): Doc {
    return this.orThrow(this.check(doc, { applyDefaults: true }), doc);
  }

  /**
   * validateInsert of `doc` with `_id` set to `id`, without building that merged object first (the
   * insert hot path: a valid document is copied once, by the canonical walk).
   */
  validateInsertWithId(doc: NewDoc, id: string): Doc {
    const fast = this.canonical.document(doc, true, id);
    if (fast !== NOT_CANONICAL && this.validate(fast)) return fast as Doc;
    return this.validateInsert({ ...doc, _id: id });
  }

  /**
   * A whole replacement (also what an update's merged document is validated with): no defaults are
   * applied, because defaults belong to creation; a replacement states every field it keeps.
   */
  validateReplace(doc: NewDoc & { _id: string }): Doc {
    return this.orThrow(this.check(doc, { applyDefaults: false }), doc);
  }

  /** Validation without throwing: the stored form, or every failing field. */
  check(doc: unknown, options: { applyDefaults: boolean }): CheckResult {
    if (!isPlainObject(doc)) {
      const received = jsonTypeOf(doc);
      return { ok: false, issues: [{ pointer: '', rule: 'type', message: `(root) a document must be a JSON object, got ${received}`, received }] };
    }
    // Fast path: one walk builds the stored form and ajv accepts it. Normalising first does not change
    // the verdict (a normalised timestamp stays valid, -0 and 0 compare equal), so only a failure
    // needs the step-by-step path below, which names every failing field.
    const fast = this.canonical.document(doc, options.applyDefaults);
    if (fast !== NOT_CANONICAL && this.validate(fast)) return { ok: true, doc: fast as Doc };
    const jsonIssues: ValidationIssue[] = [];
    const copy = jsonCopy(doc, '', jsonIssues) as Record<string, unknown>;
    if (options.applyDefaults) applyDefaults(this.schema.fields, copy);
    if (!this.validate(copy) || jsonIssues.length > 0) {
      return { ok: false, issues: issuesFromAjv(this.validate.errors ?? [], jsonIssues) };
    }
    return { ok: true, doc: normaliseObject(this.schema.fields, copy) as Doc };
  }

  private orThrow(result: CheckResult, input: NewDoc): Doc {
    if (result.ok) return result.doc;
    throw validationFailedError(this.collection, typeof input?._id === 'string' ? input._id : null, result.issues);
  }
}

/** AERO_VALIDATION_FAILED naming the failing fields; details.errors lists every one of them. */
export function validationFailedError(collection: string, id: string | null, issues: readonly ValidationIssue[]): AeroError {
  const shown = issues.slice(0, MESSAGE_ISSUES).map((issue) => issue.message);
  const more = issues.length > MESSAGE_ISSUES ? `; and ${issues.length - MESSAGE_ISSUES} more (see details.errors)` : '';
  const which = id === null ? `A document for "${collection}"` : `Document "${id}" in "${collection}"`;
  return new AeroError('AERO_VALIDATION_FAILED', `${which} does not match the schema: ${shown.join('; ')}${more}`, {
    details: { collection, _id: id, errors: issues.map((issue) => ({ ...issue })) },
    hint: `Fix the listed fields (${issues.map((issue) => issue.pointer || '(root)').join(', ')}); details.errors has the rule and received type of each.`,
  });
}
