import type { CollectionSchema, FieldDef, FieldType } from '../types.js';
import { FIELD_NAME_PATTERN, FIELD_NAME_RULE } from './field-names.js';
import { pointerJoin } from './json-pointer.js';
import type { SchemaCheckContext } from './schema-check-context.js';
import type { SchemaProblem } from './schema-problem.js';
import type { SchemaValidators } from './schema-validators.js';

const COMMON = ['type', 'required', 'nullable', 'default', 'description'];
/** Which options each field type takes (everything else on a field of that type is an error). */
export const OPTIONS_BY_TYPE: Record<FieldType, readonly string[]> = {
  string: [...COMMON, 'enum', 'minLength', 'maxLength', 'pattern'],
  int: [...COMMON, 'enum', 'minimum', 'maximum'],
  float: [...COMMON, 'enum', 'minimum', 'maximum'],
  bool: COMMON,
  timestamp: COMMON,
  array: [...COMMON, 'items', 'minItems', 'maxItems'],
  object: [...COMMON, 'fields'],
  reference: [...COMMON, 'target_collection', 'target_field', 'on_delete'],
  reverse_reference: ['type', 'description', 'source_collection', 'source_field', 'limit'],
};

/** Where a field definition sits: top level, inside an object's fields, or as an array's items. */
type Place = 'top' | 'nested' | 'items';

interface FieldCheck {
  schema: CollectionSchema;
  ctx: SchemaCheckContext;
  validators: SchemaValidators;
  problems: SchemaProblem[];
}

/** Semantic problems of a schema's `fields` (shape already checked). */
export function fieldProblems(schema: CollectionSchema, ctx: SchemaCheckContext, validators: SchemaValidators): SchemaProblem[] {
  const check: FieldCheck = { schema, ctx, validators, problems: [] };
  const base = pointerJoin(ctx.pointer, 'fields');
  checkId(check, base);
  for (const [name, def] of Object.entries(schema.fields)) {
    const pointer = pointerJoin(base, name);
    if (name !== '_id') checkName(check, name, pointer);
    checkFieldDef(check, def, pointer, name, 'top');
  }
  return check.problems;
}

/** Semantic problems of one field definition at a pointer (add_field / change_field use this). */
export function fieldDefProblems(
  schema: CollectionSchema,
  name: string,
  def: FieldDef,
  pointer: string,
  ctx: SchemaCheckContext,
  validators: SchemaValidators,
): SchemaProblem[] {
  const check: FieldCheck = { schema, ctx, validators, problems: [] };
  if (name !== '_id') checkName(check, name, pointerJoin(pointer, 'name'));
  checkFieldDef(check, def, pointer, name, 'top');
  return check.problems;
}

function checkId(check: FieldCheck, base: string): void {
  const id = check.schema.fields['_id'];
  const fix = 'Declare it as "_id": { "type": "string", "required": true }.';
  if (!id) {
    check.problems.push({ pointer: base, message: 'the _id field is not declared', hint: fix });
    return;
  }
  const at = pointerJoin(base, '_id');
  if (id.type !== 'string') check.problems.push({ pointer: pointerJoin(at, 'type'), message: `_id must be of type "string", not "${id.type}"`, hint: fix });
  if (id.required !== true) check.problems.push({ pointer: at, message: '_id must be declared "required": true', hint: fix });
  if (id.nullable === true) check.problems.push({ pointer: pointerJoin(at, 'nullable'), message: '_id can never be null', hint: 'Remove "nullable" from _id.' });
  if (id.default !== undefined) {
    check.problems.push({ pointer: pointerJoin(at, 'default'), message: '_id cannot have a default (every document needs its own)', hint: 'Remove the default: AeroDB generates a UUIDv7 _id when an insert omits it.' });
  }
}

function checkName(check: FieldCheck, name: string, pointer: string): void {
  if (!FIELD_NAME_PATTERN.test(name)) {
    check.problems.push({ pointer, message: `field name "${name}" is not allowed`, hint: FIELD_NAME_RULE });
  }
}

function checkFieldDef(check: FieldCheck, def: FieldDef, pointer: string, label: string, place: Place): void {
  const { problems } = check;
  const allowed = OPTIONS_BY_TYPE[def.type];
  for (const key of Object.keys(def)) {
    if (!allowed.includes(key)) {
      problems.push({
        pointer: pointerJoin(pointer, key),
        message: `"${key}" does not apply to ${def.type} fields (field "${label}")`,
        hint: `Remove "${key}" from "${label}", or change its type; ${def.type} fields take: ${allowed.filter((k) => k !== 'type').join(', ')}.`,
      });
    }
  }
  if (place === 'items') {
    for (const key of ['required', 'default'] as const) {
      if (def[key] !== undefined) {
        problems.push({ pointer: pointerJoin(pointer, key), message: `"${key}" has no meaning on array items (field "${label}")`, hint: `Remove "${key}" from the items definition; put it on the array field itself.` });
      }
    }
  }
  if ((def.type === 'reference' || def.type === 'reverse_reference') && place !== 'top') {
    problems.push({
      pointer: pointerJoin(pointer, 'type'),
      message: `${def.type} fields must be top-level fields (field "${label}")`,
      hint: 'Declare references as top-level fields of the collection; nested and array references are not supported.',
    });
  }
  checkRanges(check, def, pointer, label);
  switch (def.type) {
    case 'string':
      if (def.pattern !== undefined) checkPattern(check, def.pattern, pointerJoin(pointer, 'pattern'), label);
      break;
    case 'array':
      if (!def.items) problems.push({ pointer: pointerJoin(pointer, 'items'), message: `array field "${label}" does not declare "items"`, hint: `Add "items": { "type": ... } to "${label}".` });
      else checkFieldDef(check, def.items, pointerJoin(pointer, 'items'), `${label}[]`, 'items');
      break;
    case 'object':
      if (!def.fields) problems.push({ pointer: pointerJoin(pointer, 'fields'), message: `object field "${label}" does not declare "fields"`, hint: `Add "fields": { ... } to "${label}".` });
      else {
        for (const [name, child] of Object.entries(def.fields)) {
          const at = pointerJoin(pointer, 'fields', name);
          checkName(check, name, at);
          checkFieldDef(check, child, at, `${label}.${name}`, 'nested');
        }
      }
      break;
    case 'reference':
      checkReference(check, def, pointer, label);
      break;
    case 'reverse_reference':
      checkReverseReference(check, def, pointer, label);
      break;
  }
  if (def.enum !== undefined && allowed.includes('enum')) checkEnum(check, def, pointer, label);
  if (def.default !== undefined && allowed.includes('default')) checkDefault(check, def, pointer, label);
}

function checkRanges(check: FieldCheck, def: FieldDef, pointer: string, label: string): void {
  const pairs: Array<[keyof FieldDef, keyof FieldDef]> = [
    ['minLength', 'maxLength'],
    ['minimum', 'maximum'],
    ['minItems', 'maxItems'],
  ];
  for (const [low, high] of pairs) {
    const lo = def[low];
    const hi = def[high];
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) {
      check.problems.push({ pointer: pointerJoin(pointer, low), message: `${low} (${lo}) is greater than ${high} (${hi}) on "${label}"`, hint: `Make ${low} <= ${high}.` });
    }
  }
}

function checkPattern(check: FieldCheck, pattern: string, pointer: string, label: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    check.problems.push({ pointer, message: `pattern of "${label}" is not a valid regular expression: ${(err as Error).message}`, hint: 'Fix the pattern (JavaScript regular expression syntax with the u flag, no surrounding slashes).' });
  }
}

function checkReference(check: FieldCheck, def: FieldDef, pointer: string, label: string): void {
  const { problems, ctx, schema } = check;
  const target = def.target_collection;
  if (target === undefined) {
    problems.push({ pointer: pointerJoin(pointer, 'target_collection'), message: `reference field "${label}" does not declare "target_collection"`, hint: 'Add "target_collection": the collection whose _id this field holds.' });
  } else if (target !== schema.collection && !ctx.collections.has(target)) {
    problems.push({
      pointer: pointerJoin(pointer, 'target_collection'),
      message: `reference field "${label}" targets unknown collection "${target}"`,
      hint: `Create "${target}" first (an earlier create_collection), or fix the name; existing collections: ${[...ctx.collections].sort().join(', ') || 'none'}.`,
    });
  }
  if (def.target_field !== undefined && def.target_field !== '_id') {
    problems.push({ pointer: pointerJoin(pointer, 'target_field'), message: `reference field "${label}" targets field "${def.target_field}"; references always point at _id`, hint: 'Set "target_field": "_id" or remove it.' });
  }
  if (def.on_delete === 'set_null' && def.nullable !== true) {
    problems.push({ pointer: pointerJoin(pointer, 'on_delete'), message: `reference field "${label}" uses on_delete "set_null" but is not nullable`, hint: `Add "nullable": true to "${label}", or use on_delete "restrict" or "cascade".` });
  }
}

function checkReverseReference(check: FieldCheck, def: FieldDef, pointer: string, label: string): void {
  const { problems, ctx, schema } = check;
  const source = def.source_collection;
  for (const key of ['source_collection', 'source_field'] as const) {
    if (def[key] === undefined) {
      problems.push({ pointer: pointerJoin(pointer, key), message: `reverse_reference field "${label}" does not declare "${key}"`, hint: 'A reverse_reference names the collection and the reference field that point here, e.g. "source_collection": "comments", "source_field": "post_id".' });
    }
  }
  if (source === undefined) return;
  if (source !== schema.collection && !ctx.collections.has(source)) {
    problems.push({ pointer: pointerJoin(pointer, 'source_collection'), message: `reverse_reference field "${label}" names unknown collection "${source}"`, hint: `Create "${source}" first, or fix the name.` });
    return;
  }
  const sourceSchema = source === schema.collection ? schema : ctx.schemas?.get(source);
  if (!sourceSchema || def.source_field === undefined) return;
  const sourceDef = sourceSchema.fields[def.source_field];
  if (!sourceDef || sourceDef.type !== 'reference' || sourceDef.target_collection !== schema.collection) {
    problems.push({
      pointer: pointerJoin(pointer, 'source_field'),
      message: `reverse_reference field "${label}" needs ${source}.${def.source_field} to be a reference to "${schema.collection}", but it is ${sourceDef ? `a ${sourceDef.type}${sourceDef.target_collection ? ` to "${sourceDef.target_collection}"` : ''}` : 'not declared'}`,
      hint: `Point source_field at a reference field of "${source}" whose target_collection is "${schema.collection}".`,
    });
  }
}

function checkEnum(check: FieldCheck, def: FieldDef, pointer: string, label: string): void {
  const values = def.enum ?? [];
  const member: FieldDef = { ...def };
  delete member.enum;
  delete member.default;
  delete member.nullable;
  const seen = new Set<string>();
  values.forEach((value, i) => {
    const at = pointerJoin(pointer, 'enum', i);
    if (value === null) {
      check.problems.push({ pointer: at, message: `enum of "${label}" contains null`, hint: 'Remove null from enum; allow null with "nullable": true instead.' });
      return;
    }
    const key = JSON.stringify(value);
    if (seen.has(key)) check.problems.push({ pointer: at, message: `enum of "${label}" lists ${key} twice`, hint: 'Remove the duplicate.' });
    seen.add(key);
    const issues = check.validators.valueIssues(member, value);
    if (issues.length > 0) {
      check.problems.push({ pointer: at, message: `enum value ${key} of "${label}" is not a valid ${def.type}: ${issues[0]!.message.replace(/^\(root\) /, '')}`, hint: `Make every enum value a valid ${def.type} value of this field.` });
    }
  });
}

function checkDefault(check: FieldCheck, def: FieldDef, pointer: string, label: string): void {
  const target: FieldDef = { ...def };
  delete target.default;
  const issues = check.validators.valueIssues(target, def.default);
  if (issues.length > 0) {
    const first = issues[0]!;
    const where = first.pointer === '' ? '' : ` (at ${first.pointer})`;
    check.problems.push({
      pointer: pointerJoin(pointer, 'default') + first.pointer,
      message: `default ${JSON.stringify(def.default)} of "${label}" is not valid for the field${where}: ${first.message.replace(/^\(root\) /, '')}`,
      hint: `Give "${label}" a default that satisfies its own definition (type ${def.type}${def.nullable ? ', nullable' : ''}).`,
    });
  }
}
