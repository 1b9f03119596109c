// Row-level security on reads (SPEC §9): lists are filtered inside the plan (query/rls-plan.ts), a get
// of a document the caller may not read finds nothing (404), expanded documents the caller may not
// read are hidden (and counted), and a policy that grants no read at all is a 403 for every read.
import type { Caller, VisibilityPredicate } from '../database-types.js';
import { isAeroError } from '../errors/aero-error.js';
import type { RlsRead } from '../query/rls-plan.js';
import type { AppliedSchema, Doc } from '../types.js';
import { grantFor, ownValue, type RlsGrant } from './rls-policy.js';

/** What a query of the collection carries into its plan; undefined for the service caller. Throws 403 when nothing is readable. */
export function readScope(schema: AppliedSchema, caller: Caller): RlsRead | undefined {
  if (caller.kind === 'service') return undefined;
  const grant = grantFor(schema, 'read', caller);
  return grant.kind === 'all' ? { predicate: null } : { predicate: { field: grant.field, value: grant.sub } };
}

/** Whether a read grant covers one document. */
export function grantCovers(grant: RlsGrant, doc: Doc): boolean {
  return grant.kind === 'all' || ownValue(doc, grant.field) === grant.sub;
}

/**
 * The expand visibility predicate for a caller: a document is visible when its collection's read
 * policy grants it. A collection the caller may not read at all hides every document (no 403: the
 * page itself was readable). Grants are worked out once per collection per call.
 */
export function visibilityFor(caller: Caller, schemaOf: (collection: string) => AppliedSchema | undefined): VisibilityPredicate | undefined {
  if (caller.kind === 'service') return undefined;
  const grants = new Map<string, RlsGrant | null>();
  return (collection, doc) => {
    let grant = grants.get(collection);
    if (grant === undefined) {
      const schema = schemaOf(collection);
      grant = schema === undefined ? null : grantOrNull(schema, caller);
      grants.set(collection, grant);
    }
    return grant !== null && grantCovers(grant, doc);
  };
}

function grantOrNull(schema: AppliedSchema, caller: Caller): RlsGrant | null {
  try {
    return grantFor(schema, 'read', caller);
  } catch (error) {
    if (isAeroError(error) && error.code === 'AERO_RLS_DENIED') return null;
    throw error;
  }
}
