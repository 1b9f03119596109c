import type { CollectionSchema, FieldDef } from '../types.js';

/** Resolves a dotted path ("meta.lang") through object fields; undefined when not declared. */
export function resolveField(schema: Pick<CollectionSchema, 'fields'>, path: string): FieldDef | undefined {
  const parts = path.split('.');
  let fields: Record<string, FieldDef> | undefined = schema.fields;
  let def: FieldDef | undefined;
  for (const part of parts) {
    if (!fields || !Object.prototype.hasOwnProperty.call(fields, part)) return undefined;
    def = fields[part];
    fields = def?.type === 'object' ? def.fields : undefined;
  }
  return def;
}

/** Reads a dotted path out of a document; undefined when absent. */
export function readPath(doc: Readonly<Record<string, unknown>>, path: string): unknown {
  if (!path.includes('.')) return doc[path];
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
