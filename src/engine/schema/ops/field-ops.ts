import type { CollectionSchema, Doc, FieldDef, SchemaOp } from '../../types.js';
import { canonicalField } from '../canonical-schema.js';
import { applyNestedDefaults, jsonCopy, normaliseValue } from '../document-normalise.js';
import { FIELD_NAME_PATTERN, FIELD_NAME_RULE } from '../field-names.js';
import { fieldDefProblems } from '../field-rules.js';
import { withField, withFieldRenamed, withoutField } from './doc-edit.js';
import { fieldUsers, renameFieldInSchema } from './field-usage.js';
import { opError } from './op-errors.js';
import { checkResultingSchema, opProblemsError, requireCollection, type PlanContext } from './plan-context.js';
import { checkReferenceValues, LISTED_IDS } from './reference-check.js';
import type { ValidationIssue } from '../validation-issues.js';

type Op<K extends SchemaOp['op']> = Extract<SchemaOp, { op: K }>;

function splitNamed(field: FieldDef & { name: string }): { name: string; def: FieldDef } {
  const { name, ...def } = field;
  return { name, def: canonicalField(def) };
}

function checkDefinition(ctx: PlanContext, schema: CollectionSchema, name: string, def: FieldDef): void {
  const problems = fieldDefProblems(schema, name, def, `/${ctx.ref.index}/field`, { pointer: '', collections: ctx.ws.namesForChecks() }, ctx.catalog.validators);
  if (problems.length > 0) throw opProblemsError(ctx, problems);
}

/** The stored form of a default: nested defaults applied, normalised, frozen (shared by every backfilled document). */
function storedDefault(def: FieldDef): unknown {
  const copy = jsonCopy(def.default, '', []);
  applyNestedDefaults(def, copy);
  return normaliseValue(def, copy);
}

/** add_field: declares a field; its default backfills every existing document. */
export function addField(ctx: PlanContext, op: Op<'add_field'>): void {
  const wc = requireCollection(ctx, op.collection);
  const { name, def } = splitNamed(op.field);
  if (name in wc.schema.fields) {
    throw opError(ctx.ref, 'AERO_SCHEMA_FIELD_EXISTS', `field "${name}" already exists in "${op.collection}"`, {
      details: { collection: op.collection, field: name },
      hint: `Use change_field to alter "${name}", or pick another name.`,
    });
  }
  checkDefinition(ctx, wc.schema, name, def);
  if (def.required === true && def.default === undefined) {
    throw opError(ctx.ref, 'AERO_SCHEMA_REQUIRED_WITHOUT_DEFAULT', `required field "${name}" has no default, so existing documents of "${op.collection}" would be invalid`, {
      details: { collection: op.collection, field: name },
      hint: `Add a "default" to "${name}" (it backfills existing documents), or drop "required".`,
    });
  }
  const schema = { ...wc.schema, fields: { ...wc.schema.fields, [name]: def } };
  checkResultingSchema(ctx, schema);
  if (def.default !== undefined && def.type !== 'reverse_reference') {
    const value = storedDefault(def);
    if (def.type === 'reference' && value !== null) {
      const backfilled = [...ctx.ws.docs(op.collection)].map((doc) => ({ ...doc, [name]: value }) as Doc);
      checkReferenceValues(ctx.ws, ctx.ref, op.collection, name, def.target_collection ?? op.collection, backfilled);
    }
    ctx.ws.mapDocs(op.collection, (doc) => (name in doc ? undefined : withField(doc, name, value)));
  }
  ctx.ws.setSchema(op.collection, schema);
}

/** remove_field: refused while anything uses the field; strips it from every document. */
export function removeField(ctx: PlanContext, op: Op<'remove_field'>): void {
  const wc = requireCollection(ctx, op.collection);
  const name = op.field;
  requireField(ctx, wc.schema, name, 'field');
  if (name === '_id') {
    throw opError(ctx.ref, 'AERO_SCHEMA_FIELD_IN_USE', '_id cannot be removed: it identifies every document', { details: { collection: op.collection, field: name, users: ['_id'] } });
  }
  const users = fieldUsers(op.collection, name, ctx.ws.schemaMap());
  if (users.length > 0) {
    throw opError(ctx.ref, 'AERO_SCHEMA_FIELD_IN_USE', `field "${name}" of "${op.collection}" is used by ${users.join(', ')}`, {
      details: { collection: op.collection, field: name, users },
      hint: `Drop or change ${users.join(', ')} first (an earlier op of the same migration works).`,
    });
  }
  const fields = { ...wc.schema.fields };
  delete fields[name];
  const schema = { ...wc.schema, fields };
  checkResultingSchema(ctx, schema);
  ctx.ws.mapDocs(op.collection, (doc) => (name in doc ? withoutField(doc, name) : undefined));
  ctx.ws.setSchema(op.collection, schema);
}

/** rename_field: renames the field in every document and everywhere the schema uses it. */
export function renameField(ctx: PlanContext, op: Op<'rename_field'>): void {
  const wc = requireCollection(ctx, op.collection);
  requireField(ctx, wc.schema, op.from, 'from');
  const at = `/${ctx.ref.index}`;
  if (op.from === '_id') throw opProblemsError(ctx, [{ pointer: `${at}/from`, message: '_id cannot be renamed', hint: 'Every collection keeps its _id field.' }]);
  if (!FIELD_NAME_PATTERN.test(op.to)) throw opProblemsError(ctx, [{ pointer: `${at}/to`, message: `field name "${op.to}" is not allowed`, hint: FIELD_NAME_RULE }]);
  if (op.to in wc.schema.fields) {
    throw opError(ctx.ref, 'AERO_SCHEMA_FIELD_EXISTS', `field "${op.to}" already exists in "${op.collection}"`, {
      details: { collection: op.collection, field: op.to },
      hint: 'Rename to a name that is not declared yet.',
    });
  }
  const schema = renameFieldInSchema(wc.schema, op.from, op.to);
  checkResultingSchema(ctx, schema);
  ctx.ws.mapDocs(op.collection, (doc) => (op.from in doc ? withFieldRenamed(doc, op.from, op.to) : undefined));
  ctx.ws.setSchema(op.collection, schema);
}

/**
 * change_field: replaces a field's definition. Every existing document must validate under it
 * (values are re-normalised, e.g. string -> timestamp); defaults are not backfilled (they apply to
 * inserts). A reference definition checks every value against its target.
 */
export function changeField(ctx: PlanContext, op: Op<'change_field'>): void {
  const wc = requireCollection(ctx, op.collection);
  const { name, def } = splitNamed(op.field);
  requireField(ctx, wc.schema, name, 'field');
  checkDefinition(ctx, wc.schema, name, def);
  const fields: Record<string, FieldDef> = {};
  for (const [key, current] of Object.entries(wc.schema.fields)) fields[key] = key === name ? def : current;
  const schema = { ...wc.schema, fields };
  checkResultingSchema(ctx, schema);
  const compiled = ctx.catalog.compileTransient(schema);
  const replacements = new Map<string, Doc>();
  const conflicts: Array<{ _id: string; issues: ValidationIssue[] }> = [];
  for (const doc of ctx.ws.docs(op.collection)) {
    const result = compiled.check(doc, { applyDefaults: false });
    if (!result.ok) conflicts.push({ _id: doc._id, issues: result.issues });
    else if (JSON.stringify(result.doc) !== JSON.stringify(doc)) replacements.set(doc._id, result.doc);
  }
  if (conflicts.length > 0) {
    const listed = conflicts.slice(0, LISTED_IDS);
    const shown = listed.map((c) => `"${c._id}" (${c.issues[0]?.message ?? 'invalid'})`).join(', ');
    throw opError(ctx.ref, 'AERO_SCHEMA_DATA_CONFLICT', `${conflicts.length} existing document(s) of "${op.collection}" do not satisfy the new definition of "${name}": ${shown}${conflicts.length > LISTED_IDS ? ', ...' : ''}`, {
      details: { collection: op.collection, field: name, count: conflicts.length, ids: listed.map((c) => c._id), errors: listed.map((c) => ({ _id: c._id, errors: c.issues })) },
    });
  }
  if (def.type === 'reference') {
    checkReferenceValues(ctx.ws, ctx.ref, op.collection, name, def.target_collection ?? op.collection, ctx.ws.docs(op.collection));
  }
  ctx.ws.replaceDocs(op.collection, replacements);
  ctx.ws.setSchema(op.collection, schema);
}

function requireField(ctx: PlanContext, schema: CollectionSchema, name: string, key: string): void {
  if (name in schema.fields) return;
  throw opError(ctx.ref, 'AERO_SCHEMA_UNKNOWN_FIELD', `field "${name}" is not declared in "${schema.collection}"`, {
    details: { collection: schema.collection, field: name, pointer: `/${ctx.ref.index}/${key}` },
    hint: `Declared fields: ${Object.keys(schema.fields).join(', ')}.`,
  });
}
