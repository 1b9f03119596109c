// Row-level security, step one: what a collection's policy grants a caller for one operation before
// any document is looked at (SPEC §9). The service caller bypasses RLS; everyone else gets the
// declared policy, and an operation the schema does not declare is "service" (deny by default).
import type { Caller } from '../database-types.js';
import type { AppliedSchema, RlsPolicy } from '../types.js';
import { rlsDenied } from './rls-denied.js';

export type RlsOperation = 'read' | 'create' | 'update' | 'delete';

/**
 * What the policy lets the caller do:
 * - `all`: every document (no filter);
 * - `owned`: only documents whose `field` equals `sub` (reads are filtered, writes checked per doc).
 * A policy that grants nothing throws AERO_RLS_DENIED instead of returning.
 */
export type RlsGrant = { kind: 'all' } | { kind: 'owned'; field: string; sub: string };

const ALL: RlsGrant = Object.freeze({ kind: 'all' });

export function policyFor(schema: AppliedSchema, operation: RlsOperation): RlsPolicy {
  return schema.rls?.[operation] ?? 'service';
}

/** The grant, or AERO_RLS_DENIED naming the collection, the operation, the policy and the caller. */
export function grantFor(schema: AppliedSchema, operation: RlsOperation, caller: Caller): RlsGrant {
  if (caller.kind === 'service') return ALL;
  const policy = policyFor(schema, operation);
  switch (policy) {
    case 'public':
      return ALL;
    case 'authenticated':
      if (caller.kind === 'user') return ALL;
      throw rlsDenied(schema, operation, policy, caller, 'needs a signed-in user', 'Send `Authorization: Bearer <jwt>` along with the anon key (`aerodb token --sub ID` makes one in development).');
    case 'owner': {
      if (caller.kind !== 'user') {
        throw rlsDenied(schema, operation, policy, caller, 'needs a signed-in user who owns the document', 'Send `Authorization: Bearer <jwt>` along with the anon key (`aerodb token --sub ID` makes one in development).');
      }
      if (caller.sub === null) {
        throw rlsDenied(schema, operation, policy, caller, `the token has no "sub" claim to compare with ${ownerField(schema)}`, 'Issue the token with a "sub" claim holding the user id (`aerodb token --sub ID`).');
      }
      return { kind: 'owned', field: ownerField(schema), sub: caller.sub };
    }
    case 'service':
      throw rlsDenied(schema, operation, policy, caller, schema.rls?.[operation] === undefined ? `rls declares no "${operation}" policy, so only the service key may` : 'only the service key may',
        `Call from a server with the service key, or declare a "${operation}" policy with a set_rls migration.`);
  }
}

/** The owner field of a schema whose policy is "owner" (schema validation guarantees it is declared). */
function ownerField(schema: AppliedSchema): string {
  return schema.rls?.owner_field ?? '(no owner_field)';
}

/** A document's own top-level value (a field named like an Object.prototype member reads as absent). */
export function ownValue(doc: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(doc, field) ? doc[field] : undefined;
}
