import { SYSTEM_SCHEMAS, type AppliedSchema, type Doc, type WalOp } from '../../types.js';
import { canonicalAppliedSchema } from '../canonical-schema.js';
import { deepFreeze } from '../deep-freeze.js';
import type { SchemaOpsPlan, SchemaStateView } from './schema-ops-types.js';
import type { WorkingSet } from './working-set.js';

/** The `_system.schemas` document of an applied schema: `{ _id: collection, ...schema }`, top-level keys sorted. */
export function schemaDocument(schema: AppliedSchema): Doc {
  const entries = Object.entries({ _id: schema.collection, ...schema }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return deepFreeze(Object.fromEntries(entries)) as Doc;
}

/**
 * Turns the working set into the plan: each touched collection's schema at base version + 1, the
 * structural WAL ops in order, then one put per changed document (final value only, by collection
 * and _id), then `_system.schemas` puts/dels by _id.
 */
export function buildPlan(ws: WorkingSet, state: SchemaStateView): SchemaOpsPlan {
  const schemas = new Map<string, AppliedSchema>();
  const walOps: WalOp[] = [...ws.structural];
  const affectedDocs = new Map<string, Map<string, Doc | null>>();
  const changed = new Set<string>();
  for (const [name, wc] of ws.entries()) {
    const old = state.schemas.get(name);
    if (!wc.touched && old) {
      schemas.set(name, old);
      continue;
    }
    schemas.set(name, deepFreeze(canonicalAppliedSchema(wc.schema, wc.baseVersion + 1)));
    changed.add(name);
    if (!wc.docs) continue;
    const affected = new Map<string, Doc | null>();
    for (const id of [...wc.originals.keys()].sort()) {
      const original = wc.originals.get(id)!;
      const final = wc.docs.get(id);
      if (final === undefined) {
        walOps.push({ o: 'del', c: name, id });
        affected.set(id, null);
      } else if (JSON.stringify(final) !== JSON.stringify(original)) {
        walOps.push({ o: 'put', c: name, d: final });
        affected.set(id, final);
      }
    }
    if (affected.size > 0) affectedDocs.set(name, affected);
  }
  for (const name of state.schemas.keys()) if (!schemas.has(name)) changed.add(name);
  walOps.push(...schemaDocOps(schemas, state));
  return { schemas, walOps, changed: [...changed].sort(), affectedDocs };
}

function schemaDocOps(schemas: ReadonlyMap<string, AppliedSchema>, state: SchemaStateView): WalOp[] {
  const ops: Array<[string, WalOp]> = [];
  for (const [name, schema] of schemas) {
    const old = state.schemas.get(name);
    if (old === schema) continue;
    const doc = schemaDocument(schema);
    if (old && JSON.stringify(schemaDocument(canonicalAppliedSchema(old, old.schema_version))) === JSON.stringify(doc)) continue;
    ops.push([name, { o: 'put', c: SYSTEM_SCHEMAS, d: doc }]);
  }
  for (const name of state.schemas.keys()) if (!schemas.has(name)) ops.push([name, { o: 'del', c: SYSTEM_SCHEMAS, id: name }]);
  return ops.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, op]) => op);
}
