// Row-level security on writes (SPEC §9). Every check runs before validation and before anything is
// written, so a refused write (and every document of a refused bulk insert) changes nothing.
// - create: the policy must grant it; a non-service caller's document is stamped with its sub in
//   the owner field, and naming anyone else there is refused;
// - update / replace / delete: the policy must grant it, and under "owner" the STORED document must
//   belong to the caller (403, never a silent no-op);
// - update / replace may not change the owner field (no ownership transfer), whatever the policy.
import type { Caller } from '../database-types.js';
import type { AppliedSchema, Doc, NewDoc } from '../types.js';
import { foreignOwner, notOwner, ownerChanged } from './rls-denied.js';
import { grantFor, ownValue } from './rls-policy.js';

/**
 * The documents to insert, each stamped with the caller's sub when the collection has an owner
 * field the document leaves out. `index` (bulk inserts) numbers the documents in errors.
 */
export function stampOwners(schema: AppliedSchema, caller: Caller, docs: readonly NewDoc[], bulk: boolean): NewDoc[] {
  if (caller.kind === 'service') return docs as NewDoc[];
  grantFor(schema, 'create', caller);
  const field = schema.rls?.owner_field;
  if (field === undefined) return docs as NewDoc[];
  const sub = caller.kind === 'user' ? caller.sub : null;
  return docs.map((doc, i) => {
    // shape errors (not an object) are the validator's to report
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
    const value = ownValue(doc, field);
    if (value === undefined) return sub === null ? doc : { ...doc, [field]: sub };
    if (sub === null || value !== sub) throw foreignOwner(schema.collection, caller, bulk ? i : undefined, field, value);
    return doc;
  });
}

/** Update or delete of a stored document: the policy, then (under "owner") the document's owner. */
export function assertWritable(schema: AppliedSchema, caller: Caller, operation: 'update' | 'delete', stored: Doc): void {
  if (caller.kind === 'service') return;
  const grant = grantFor(schema, operation, caller);
  if (grant.kind === 'owned' && ownValue(stored, grant.field) !== grant.sub) {
    throw notOwner(schema.collection, operation, caller, stored._id, grant.field, ownValue(stored, grant.field));
  }
}

/** A replacement body that leaves the owner field out keeps the stored owner (it is not a change). */
export function keepOwner(schema: AppliedSchema, caller: Caller, stored: Doc, body: NewDoc & { _id: string }): NewDoc & { _id: string } {
  const field = schema.rls?.owner_field;
  if (caller.kind === 'service' || field === undefined || ownValue(body, field) !== undefined || ownValue(stored, field) === undefined) return body;
  return { ...body, [field]: ownValue(stored, field) };
}

/** The owner field of the new version (before validation) must equal the stored one. */
export function assertOwnerKept(schema: AppliedSchema, caller: Caller, operation: 'update' | 'replace', stored: Doc, next: Record<string, unknown>): void {
  const field = schema.rls?.owner_field;
  if (caller.kind === 'service' || field === undefined) return;
  const before = ownValue(stored, field);
  const after = ownValue(next, field);
  if (before !== after) throw ownerChanged(schema.collection, operation, caller, stored._id, field, before, after);
}
