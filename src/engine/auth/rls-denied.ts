// The AERO_RLS_DENIED errors: each names the collection, the operation, the policy and the caller,
// and (for a document-level refusal) the document and its owner field.
import type { Caller } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import type { AppliedSchema, RlsPolicy } from '../types.js';
import type { RlsOperation } from './rls-policy.js';

/** "the anon key without a token", "user \"u1\"", "a token without \"sub\"": how errors name the caller. */
export function describeCaller(caller: Caller): string {
  if (caller.kind === 'service') return 'the service key';
  if (caller.kind === 'anon') return 'the anon key without a token';
  return caller.sub === null ? 'a token without "sub"' : `user "${caller.sub}"`;
}

function callerDetail(caller: Caller): Record<string, unknown> {
  return caller.kind === 'user' ? { caller: 'user', sub: caller.sub } : { caller: caller.kind };
}

/** The policy refuses the caller for every document of the collection. */
export function rlsDenied(schema: AppliedSchema, operation: RlsOperation, policy: RlsPolicy, caller: Caller, reason: string, hint: string): AeroError {
  return new AeroError('AERO_RLS_DENIED', `${operation} on "${schema.collection}" is not allowed for ${describeCaller(caller)}: the ${operation} policy is "${policy}" (${reason})`, {
    details: { collection: schema.collection, operation, policy, ...callerDetail(caller) },
    hint,
  });
}

/** The policy is "owner" and the stored document belongs to someone else. */
export function notOwner(collection: string, operation: 'update' | 'delete', caller: Caller, id: string, field: string, actual: unknown): AeroError {
  return new AeroError('AERO_RLS_DENIED', `${operation} of "${collection}/${id}" is not allowed for ${describeCaller(caller)}: the ${operation} policy is "owner" and ${field} is ${JSON.stringify(actual) ?? 'absent'}`, {
    details: { collection, operation, policy: 'owner', _id: id, owner_field: field, ...callerDetail(caller) },
    hint: `Only the user whose token "sub" equals ${field} may ${operation} this document (or use the service key on a server).`,
  });
}

/** An insert that names an owner other than the caller (non-service callers can only create their own). */
export function foreignOwner(collection: string, caller: Caller, index: number | undefined, field: string, value: unknown): AeroError {
  const which = index === undefined ? 'the document' : `document #${index}`;
  const own = caller.kind === 'user' && caller.sub !== null ? `"${caller.sub}"` : null;
  return new AeroError('AERO_RLS_DENIED', `create on "${collection}": ${which} sets ${field} to ${JSON.stringify(value)}, but ${describeCaller(caller)} may only create documents ${own === null ? 'without an owner' : `owned by ${own}`}`, {
    details: { collection, operation: 'create', owner_field: field, value, ...(index === undefined ? {} : { index }), ...callerDetail(caller) },
    hint: own === null
      ? `Leave ${field} out: only the service key may set it for another user.`
      : `Leave ${field} out (it is stamped with the token's sub) or set it to ${own}.`,
  });
}

/** An update or replace that would change the owner field. */
export function ownerChanged(collection: string, operation: 'update' | 'replace', caller: Caller, id: string, field: string, from: unknown, to: unknown): AeroError {
  return new AeroError('AERO_RLS_DENIED', `${operation} of "${collection}/${id}" may not change ${field} (from ${JSON.stringify(from) ?? 'absent'} to ${JSON.stringify(to) ?? 'absent'}): ownership cannot be transferred by ${describeCaller(caller)}`, {
    details: { collection, operation: 'update', owner_field: field, _id: id, from: from ?? null, to: to ?? null, ...callerDetail(caller) },
    hint: `Leave ${field} out of the body (or keep its current value); only the service key may change it.`,
  });
}

/** System collections (`_system.*`) are for the service key only. */
export function systemDenied(collection: string, caller: Caller): AeroError {
  return new AeroError('AERO_RLS_DENIED', `"${collection}" is a system collection: only the service key may use it, not ${describeCaller(caller)}`, {
    details: { collection, ...callerDetail(caller) },
    hint: 'Query system collections from a server with the service key, or with the CLI (`aerodb oplog tail`, `aerodb migrate status`).',
  });
}

/** Schema changes are service-only whatever the policies say. */
export function schemaChangeDenied(caller: Caller): AeroError {
  return new AeroError('AERO_RLS_DENIED', `schema operations need the service key, not ${describeCaller(caller)}`, {
    details: callerDetail(caller),
    hint: 'Run migrations with `aerodb migrate up` or through the admin API with the service key.',
  });
}
