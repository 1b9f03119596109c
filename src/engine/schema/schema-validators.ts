import type { Ajv, ValidateFunction } from 'ajv';
import type { FieldDef } from '../types.js';
import { createAeroAjv } from './aero-ajv.js';
import { fieldJsonSchema, type JsonSchema } from './document-json-schema.js';
import { applyNestedDefaults, jsonCopy } from './document-normalise.js';
import { COLLECTION_SCHEMA_SCHEMA, FIELD_DEF_SCHEMA, SCHEMA_OP_SCHEMA } from './schema-meta-schemas.js';
import type { SchemaProblem } from './schema-problem.js';
import { problemsFromShapeErrors } from './shape-problems.js';
import { issuesFromAjv, type ValidationIssue } from './validation-issues.js';

/** Bound on cached value validators (a long-running server sees few distinct definitions). */
const VALUE_VALIDATOR_LIMIT = 1000;

/**
 * Owns the ajv instance and the compiled structural validators (collection schema, schema op).
 * Compiling them costs milliseconds, so hold one instance (SchemaCatalog has one) and pass it on
 * when validating many schemas or ops.
 */
export class SchemaValidators {
  #ajv: Ajv | undefined;
  private collectionShape: ValidateFunction | undefined;
  private opShape: ValidateFunction | undefined;
  /** value validators by field definition JSON: schemas repeat the same defaults and enums op after op */
  private readonly valueValidators = new Map<string, ValidateFunction>();

  /** Created on first use: opening a database or reading migrations compiles nothing until a write or a new schema needs it. */
  get ajv(): Ajv {
    if (this.#ajv === undefined) {
      this.#ajv = createAeroAjv();
      this.#ajv.addSchema(FIELD_DEF_SCHEMA);
      this.#ajv.addSchema(COLLECTION_SCHEMA_SCHEMA);
    }
    return this.#ajv;
  }

  /** Structural problems of a collection schema (unknown keys, wrong JSON types, unknown field types). */
  collectionShapeProblems(input: unknown, pointer: string): SchemaProblem[] {
    this.collectionShape ??= this.ajv.compile(COLLECTION_SCHEMA_SCHEMA);
    return this.collectionShape(input) ? [] : problemsFromShapeErrors(this.collectionShape.errors ?? [], pointer);
  }

  /** Structural problems of one schema operation. */
  opShapeProblems(input: unknown, pointer: string): SchemaProblem[] {
    this.opShape ??= this.ajv.compile(SCHEMA_OP_SCHEMA);
    return this.opShape(input) ? [] : problemsFromShapeErrors(this.opShape.errors ?? [], pointer);
  }

  /**
   * Whether `value` is a valid value of a field (used for defaults and enum members). Nested
   * defaults are applied first, as on insert. Pointers are relative to the value.
   */
  valueIssues(def: FieldDef, value: unknown): ValidationIssue[] {
    const jsonIssues: ValidationIssue[] = [];
    const copy = jsonCopy(value, '', jsonIssues);
    applyNestedDefaults(def, copy);
    const validate = this.valueValidator(def);
    return validate(copy) ? jsonIssues : issuesFromAjv(validate.errors ?? [], jsonIssues);
  }

  private valueValidator(def: FieldDef): ValidateFunction {
    const key = JSON.stringify(def);
    let validate = this.valueValidators.get(key);
    if (!validate) {
      if (this.valueValidators.size >= VALUE_VALIDATOR_LIMIT) this.valueValidators.clear();
      validate = this.compileTransient(fieldJsonSchema(def));
      this.valueValidators.set(key, validate);
    }
    return validate;
  }

  /** Compiles a generated schema without keeping it in ajv's cache (callers own the function). */
  compileTransient(schema: JsonSchema): ValidateFunction {
    const validate = this.ajv.compile(schema);
    if (typeof schema === 'object') this.ajv.removeSchema(schema);
    return validate;
  }
}
