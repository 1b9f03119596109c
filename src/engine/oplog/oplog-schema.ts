// `_system.operation_log`: the built-in schema that makes the operation log queryable with the normal
// planner. Every index ends in the entry's position in time (the timestamp, then the implicit _id),
// so "the newest entries of collection X" is a bounded, ordered scan.
import { deepFreeze } from '../schema/deep-freeze.js';
import type { AppliedSchema } from '../types.js';

export const SYSTEM_OPERATION_LOG = '_system.operation_log';

export const OPLOG_SCHEMA: AppliedSchema = deepFreeze<AppliedSchema>({
  collection: SYSTEM_OPERATION_LOG,
  schema_version: 1,
  fields: {
    _id: { type: 'string', required: true },
    timestamp: { type: 'timestamp', required: true },
    collection: { type: 'string', nullable: true },
    operation: { type: 'string', required: true },
    filter: { type: 'object', nullable: true },
    user_id: { type: 'string', required: true },
    duration_ms: { type: 'float', required: true },
    documents_scanned: { type: 'int', required: true },
    documents_returned: { type: 'int', required: true },
    index_used: { type: 'string', nullable: true },
    status: { type: 'string', required: true, enum: ['ok', 'error'] },
    error_code: { type: 'string', nullable: true },
    slow: { type: 'bool', required: true },
    explain_plan: { type: 'object', nullable: true },
    source: { type: 'string', required: true },
    request_id: { type: 'string', nullable: true },
    error_message: { type: 'string', nullable: true },
    affected_ids: { type: 'array', items: { type: 'string' }, nullable: true },
    affected_count: { type: 'int', nullable: true },
    lsn: { type: 'int', nullable: true },
    detail: { type: 'string', nullable: true },
  },
  indexes: [
    { name: 'timestamp_idx', fields: ['timestamp'] },
    { name: 'collection_idx', fields: ['collection', 'timestamp'] },
    { name: 'operation_idx', fields: ['operation', 'timestamp'] },
    { name: 'duration_idx', fields: ['duration_ms'] },
  ],
});
