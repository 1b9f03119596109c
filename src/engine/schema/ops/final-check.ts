import { AeroError } from '../../errors/aero-error.js';
import type { SchemaCatalog } from '../schema-catalog.js';
import { validateCollectionSchema } from '../validate-collection-schema.js';
import type { WorkingSet } from './working-set.js';

/**
 * After the last op: no reference may point at a collection the call dropped or renamed away, and
 * every resulting schema must be valid against the final set of collections (reverse_reference
 * sources, global projection names).
 */
export function checkFinalSchemas(ws: WorkingSet, catalog: SchemaCatalog): void {
  const names = new Set(ws.names());
  for (const [name, wc] of ws.entries()) {
    for (const [field, def] of Object.entries(wc.schema.fields)) {
      const other = def.type === 'reference' ? def.target_collection : def.type === 'reverse_reference' ? def.source_collection : undefined;
      if (other === undefined || other === name || names.has(other)) continue;
      const removed = ws.removed.get(other);
      if (!removed) continue; // an unknown name is reported by the validation below
      const what = removed.renamedTo === null ? `dropped "${other}"` : `renamed "${other}" to "${removed.renamedTo}"`;
      const key = def.type === 'reference' ? 'target_collection' : 'source_collection';
      const fix =
        removed.renamedTo === null
          ? `Remove or change ${name}.${field} (remove_field / change_field), or drop "${name}" too, in the same migration.`
          : `Add {"op":"change_field","collection":"${name}","field":{"name":"${field}", ...its definition with "${key}":"${removed.renamedTo}"}} after the rename.`;
      throw new AeroError('AERO_SCHEMA_COLLECTION_IN_USE', `op ${removed.op} ${what}, but ${name}.${field} (${def.type}) still points at "${other}"`, {
        details: { op: removed.op, collection: other, referenced_by: `${name}.${field}`, renamed_to: removed.renamedTo },
        hint: fix,
      });
    }
  }
  const schemas = ws.schemaMap();
  for (const [name, wc] of ws.entries()) {
    try {
      validateCollectionSchema(wc.schema, { pointer: '', collections: names, schemas }, catalog.validators);
    } catch (err) {
      if (!(err instanceof AeroError)) throw err;
      throw new AeroError(err.code, `After the last op, schema "${name}" is invalid: ${err.message}`, { details: { ...err.details, collection: name }, hint: err.hint });
    }
  }
}
