// The one registry of user-facing error codes: HTTP status, a one-line meaning, a default hint.
// docs/errors.md is generated from this file (npm run docs:errors).

export interface ErrorSpec {
  status: number;
  meaning: string;
  hint: string;
}

export const ERROR_REGISTRY = {
  // CONFIG
  AERO_CONFIG_INVALID: { status: 400, meaning: 'aerodb.toml (or an option) has a wrong value or type.', hint: 'Fix the named key; docs/config.md lists every key, its type and default.' },
  AERO_CONFIG_UNKNOWN_KEY: { status: 400, meaning: 'aerodb.toml has a key AeroDB does not know.', hint: 'Remove or correct the named key; docs/config.md lists the valid ones.' },
  AERO_CONFIG_NOT_FOUND: { status: 400, meaning: 'No AeroDB project was found here.', hint: 'Run the command inside a project (with aerodb.toml), pass --dir, or create one with `aerodb init`.' },
  AERO_CONFIG_PORT_IN_USE: { status: 500, meaning: 'The server port is already taken by another process.', hint: 'Stop the other process or pick another port with --port.' },
  AERO_CONFIG_PROJECT_EXISTS: { status: 400, meaning: 'The target directory is not empty.', hint: 'Choose an empty directory or pass --force to scaffold into it anyway.' },
  AERO_CONFIG_NO_SERVER: { status: 503, meaning: 'No running aerodb serve was found to attach to (no live server.json, or nothing answers at the URL).', hint: 'Start the server with `aerodb serve` in the project (it shows the dashboard in its own terminal), or pass --url of a running server.' },
  AERO_CONFIG_USAGE: { status: 400, meaning: 'The command was called with wrong arguments or flags.', hint: 'Run the command with --help to see its usage.' },

  // SCHEMA
  AERO_SCHEMA_INVALID: { status: 400, meaning: 'A schema definition is malformed.', hint: 'Fix the schema at the JSON pointer shown; docs/schemas.md describes every field option.' },
  AERO_SCHEMA_UNKNOWN_COLLECTION: { status: 404, meaning: 'The collection does not exist.', hint: 'Check the name, or create it with a create_collection migration.' },
  AERO_SCHEMA_COLLECTION_EXISTS: { status: 409, meaning: 'A collection with that name already exists.', hint: 'Pick another name, or drop the existing collection first.' },
  AERO_SCHEMA_UNKNOWN_FIELD: { status: 400, meaning: 'The field is not declared in the collection schema.', hint: 'Declare the field with an add_field migration, or fix its name.' },
  AERO_SCHEMA_FIELD_EXISTS: { status: 409, meaning: 'The field is already declared.', hint: 'Use change_field to alter an existing field, or pick another name.' },
  AERO_SCHEMA_FIELD_IN_USE: { status: 409, meaning: 'The field is used by an index, a reference, a projection or RLS.', hint: 'Drop the index/projection/reference that uses it first, in the same or an earlier migration.' },
  AERO_SCHEMA_COLLECTION_IN_USE: { status: 409, meaning: 'Other collections still reference a collection that is being dropped or renamed.', hint: 'Change or remove the referencing fields (change_field / remove_field) in the same migration, or drop those collections too.' },
  AERO_SCHEMA_UNKNOWN_INDEX: { status: 404, meaning: 'The index does not exist on this collection.', hint: 'Check the index name in the collection schema.' },
  AERO_SCHEMA_INDEX_EXISTS: { status: 409, meaning: 'An index with that name already exists.', hint: 'Pick another index name, or drop the existing one first.' },
  AERO_SCHEMA_UNKNOWN_PROJECTION: { status: 404, meaning: 'The projection does not exist.', hint: 'Check the projection name in the collection schema.' },
  AERO_SCHEMA_PROJECTION_EXISTS: { status: 409, meaning: 'A projection with that name already exists (projections are immutable).', hint: 'Declare the changed projection under a new name, then drop the old one.' },
  AERO_SCHEMA_REQUIRED_WITHOUT_DEFAULT: { status: 400, meaning: 'A required field was added without a default, so existing documents would be invalid.', hint: 'Give the field a default (it backfills existing documents), or make it optional.' },
  AERO_SCHEMA_DATA_CONFLICT: { status: 409, meaning: 'Existing documents do not satisfy the changed schema.', hint: 'Fix or migrate the listed documents first, or relax the new definition.' },
  AERO_SCHEMA_SYSTEM_COLLECTION: { status: 403, meaning: 'System collections cannot be changed by schema operations.', hint: 'Collections whose names start with `_system.` are managed by AeroDB.' },

  // VALIDATION
  AERO_VALIDATION_FAILED: { status: 400, meaning: 'The document does not match the collection schema.', hint: 'Fix the fields listed in details.errors (JSON pointer, rule, received type).' },
  AERO_VALIDATION_UNIQUE: { status: 409, meaning: 'The write would duplicate a value in a unique index.', hint: 'Use a different value, or update the existing document instead.' },
  AERO_VALIDATION_DUPLICATE_ID: { status: 409, meaning: 'A document with this _id already exists.', hint: 'Use another _id, omit it to get a generated one, or use upsert (PUT) to replace.' },
  AERO_VALIDATION_ID_MISMATCH: { status: 400, meaning: 'The body _id differs from the _id in the path.', hint: 'Omit _id from the body or make it match the path.' },

  // QUERY
  AERO_QUERY_INVALID: { status: 400, meaning: 'The query is malformed or a value has the wrong type for its field.', hint: 'Fix the named field or value; docs/queries.md describes the query object.' },
  AERO_QUERY_UNKNOWN_OPERATOR: { status: 400, meaning: 'The filter uses an operator AeroDB does not support.', hint: 'Use one of $eq $in $gt $gte $lt $lte $ne $exists $and $or.' },
  AERO_QUERY_UNINDEXED_FIELD: { status: 400, meaning: 'A predicate or sort needs an index that does not exist.', hint: 'Add the index named in the message with an add_index migration.' },
  AERO_QUERY_UNBOUNDED: { status: 400, meaning: 'The query has no limit or no index bounds its scan.', hint: 'Add a limit and filter on an indexed field.' },
  AERO_QUERY_LIMIT_EXCEEDED: { status: 400, meaning: 'The limit is larger than max_limit.', hint: 'Lower the limit and page with the cursor, or raise [query] max_limit.' },
  AERO_QUERY_INVALID_CURSOR: { status: 400, meaning: 'The cursor is malformed or belongs to a different sort.', hint: 'Pass back _meta.next_cursor unchanged, with the same filter and sort.' },
  AERO_QUERY_READ_ONLY: { status: 403, meaning: 'The collection is read-only.', hint: 'System collections are written by AeroDB itself; query them, do not write them.' },
  AERO_QUERY_CONFLICT: { status: 409, meaning: 'The document exists and on_conflict=error was requested.', hint: 'Use on_conflict=replace or merge, or a different _id.' },
  AERO_QUERY_UNKNOWN_PARAM: { status: 400, meaning: 'The request has a query parameter AeroDB does not know.', hint: 'Remove it; docs/rest-api.md lists the parameters of each route.' },
  AERO_QUERY_MALFORMED_JSON: { status: 400, meaning: 'A body or parameter is not valid JSON.', hint: 'Send valid JSON (check quoting and escaping).' },
  AERO_QUERY_METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route does not accept this HTTP method.', hint: 'Use one of the methods in the Allow header.' },
  AERO_NOT_FOUND: { status: 404, meaning: 'The document or route does not exist (or is not visible to the caller).', hint: 'Check the collection, the _id or the path.' },

  // REFERENCE
  AERO_REFERENCE_MISSING: { status: 400, meaning: 'A reference field points at a document that does not exist.', hint: 'Create the target first, or fix the referenced _id.' },
  AERO_REFERENCE_RESTRICT: { status: 409, meaning: 'Documents still reference this one and their on_delete is restrict.', hint: 'Delete or re-point the referencing documents first.' },

  // MIGRATION
  AERO_MIGRATION_INVALID: { status: 400, meaning: 'A migration file is malformed.', hint: 'Fix the file at the JSON pointer shown; docs/migrations.md describes every operation.' },
  AERO_MIGRATION_MODIFIED: { status: 409, meaning: 'An applied migration file was changed after it was applied.', hint: 'Restore the file from git, or accept it with `aerodb migrate resolve VERSION --accept-modified --reason "..."`.' },
  AERO_MIGRATION_MISSING: { status: 409, meaning: 'An applied migration file is missing from migrations/.', hint: 'Restore the file from git (the database still has it applied).' },
  AERO_MIGRATION_OUT_OF_ORDER: { status: 409, meaning: 'A pending migration sorts below one that is already applied.', hint: 'Renumber the pending file above the newest applied version.' },
  AERO_MIGRATION_DUPLICATE_VERSION: { status: 400, meaning: 'Two migration files share a version number.', hint: 'Renumber one of them.' },
  AERO_MIGRATION_UNKNOWN_VERSION: { status: 404, meaning: 'No migration with that version exists.', hint: 'Run `aerodb migrate status` to see the known versions.' },
  AERO_MIGRATION_FAILED: { status: 400, meaning: 'A migration operation failed; nothing of that migration was applied.', hint: 'Fix the cause shown, then run the command again.' },
  AERO_MIGRATION_DOWN_MISMATCH: { status: 400, meaning: 'A migration\'s down does not undo its up.', hint: 'Make down the exact inverse of up (see docs/migrations.md).' },

  // WAL / STORAGE / RECOVERY
  AERO_WAL_CORRUPTION: { status: 500, meaning: 'The write-ahead log has a damaged record followed by valid ones.', hint: 'Do not delete or edit files. Run `aerodb doctor` for a report; restore a backup, or keep the LSNs before the damage with `aerodb doctor --repair --truncate-at LSN`.' },
  AERO_WAL_WRITE_FAILED: { status: 500, meaning: 'Writing or syncing the write-ahead log failed; the database stopped accepting writes.', hint: 'Check disk space and permissions, then restart: recovery replays every acknowledged write.' },
  AERO_STORAGE_LOCKED: { status: 409, meaning: 'Another process holds the data directory.', hint: 'Stop the process named in the message (or use its server), then retry.' },
  AERO_STORAGE_IO: { status: 500, meaning: 'A file in the data directory could not be read or written.', hint: 'Check permissions and free space of the data directory.' },
  AERO_STORAGE_CLOSED: { status: 503, meaning: 'The database is closed or shutting down.', hint: 'Open the database again (or restart the server).' },
  AERO_STORAGE_FORMAT: { status: 500, meaning: 'The data directory was written by an unknown format version.', hint: 'Use the AeroDB version that wrote it, or export and import the data.' },
  AERO_STORAGE_REPAIR_REFUSED: { status: 409, meaning: '`aerodb doctor --repair` refused the truncation asked for.', hint: 'Run `aerodb doctor` and use the --truncate-at LSN it suggests.' },
  AERO_RECOVERY_CHECKPOINT_CORRUPT: { status: 500, meaning: 'A checkpoint file failed its checksum.', hint: 'Do not delete files: copy the data directory aside, then restore it from a backup (`aerodb doctor` reports every file).' },

  // AUTH / RLS
  AERO_AUTH_REQUIRED: { status: 401, meaning: 'The request has no valid API key.', hint: 'Send the `apikey` header with a key from `aerodb keys`.' },
  AERO_AUTH_INVALID_TOKEN: { status: 401, meaning: 'The bearer token is invalid, expired or wrongly signed.', hint: 'Get a fresh token (`aerodb token --sub ID` in development).' },
  AERO_RLS_DENIED: { status: 403, meaning: 'Row-level security does not allow this operation for the caller.', hint: 'Use a token whose subject owns the document, or the service key.' },

  // FUNCTION
  AERO_FUNCTION_INVALID: { status: 400, meaning: 'A function name or its function.json is malformed.', hint: 'Fix the named key of function.json (docs/functions.md lists every key); names match ^[a-z][a-z0-9_-]*$.' },
  AERO_FUNCTION_NOT_FOUND: { status: 404, meaning: 'No function by that name exists (in functions/, deployed, or with an http trigger).', hint: 'Check the name with `aerodb functions list`; deploy it with `aerodb deploy-function NAME`.' },
  AERO_FUNCTION_BUILD_FAILED: { status: 400, meaning: 'The function source did not compile (TypeScript/JavaScript errors, unresolved imports) or could not be turned into a WebAssembly component.', hint: 'Fix the error at the file:line:col shown and deploy again; the previously deployed version keeps serving.' },
  AERO_FUNCTION_MISSING_HANDLE: { status: 400, meaning: 'The function module does not export a `handle` function.', hint: 'Add `export function handle(input) { ... }` to functions/NAME/index.ts.' },
  AERO_FUNCTION_IMPORT_DENIED: { status: 400, meaning: 'The built component imports something outside the allowlist (only aerodb:function/host is granted).', hint: 'Remove the code that needs the named import (filesystem, network, clocks, randomness, env); use the host functions of `aerodb/function` instead.' },
  AERO_FUNCTION_CAPABILITY_DENIED: { status: 403, meaning: 'The function called a database operation its function.json does not grant.', hint: 'Add "database_read" or "database_write" to "capabilities" in function.json and deploy again.' },
  AERO_FUNCTION_TIMEOUT: { status: 504, meaning: 'The invocation ran past its wall-clock limit and was stopped.', hint: 'Make the function faster, or raise timeout_ms in function.json ([functions] timeout_ms is the default).' },
  AERO_FUNCTION_MEMORY: { status: 507, meaning: 'The invocation ran out of its WebAssembly memory cap and was stopped.', hint: 'Use less memory (page through large queries), or raise memory_mb in function.json ([functions] memory_mb is the default).' },
  AERO_FUNCTION_TRAP: { status: 500, meaning: 'The function\'s WebAssembly instance trapped (stack overflow, abort); it was replaced by a fresh one.', hint: 'Look for unbounded recursion or a crash at the point the message names; `aerodb functions logs NAME` shows what it logged before.' },
  AERO_FUNCTION_ERROR: { status: 500, meaning: 'The function threw an error (or returned a value that is not JSON).', hint: 'The message is the function\'s own; fix the function or catch the error inside handle.' },
  AERO_FUNCTION_REJECTED: { status: 400, meaning: 'The function rejected its input (it called reject()).', hint: 'The message is the function\'s own: fix the input it names.' },
  AERO_FUNCTION_BUSY: { status: 503, meaning: 'Too many invocations are waiting for a worker.', hint: 'Retry later, raise [functions] pool_size, or make the function faster.' },
  AERO_FUNCTION_INVOCATION_NOT_FOUND: { status: 404, meaning: 'No recorded invocation has that id (or its record or version is no longer kept).', hint: 'Take an invocation id from `aerodb functions logs NAME` or the invoke output; only recent invocations are kept.' },

  // LIMIT
  AERO_LIMIT_BODY_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the limit.', hint: 'Send smaller bodies (split bulk inserts).' },
  AERO_LIMIT_DOCUMENT_TOO_LARGE: { status: 413, meaning: 'The document is larger than the per-document limit.', hint: 'Keep documents under the limit; store large blobs elsewhere.' },
  AERO_LIMIT_BATCH_TOO_LARGE: { status: 413, meaning: 'The bulk write has more documents than allowed in one unit.', hint: 'Split it into smaller batches.' },

  // OPLOG
  AERO_OPLOG_WEBHOOK_FAILED: { status: 502, meaning: 'A slow-query alert could not be delivered to alert_webhook (timeout, HTTP error, unreachable, or too many in flight).', hint: 'Check that the receiver at [observability.slow_queries] alert_webhook is up and answers 2xx within 2 s; the operation itself was not affected.' },

  // INTERNAL
  AERO_INTERNAL: { status: 500, meaning: 'An unexpected internal error.', hint: 'Please report it with the request id and the server log.' },
  AERO_INTERNAL_NOT_IMPLEMENTED: { status: 501, meaning: 'This feature is not built yet.', hint: 'See CHANGELOG.md for what is available in this version.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_REGISTRY;

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_REGISTRY[code];
}
