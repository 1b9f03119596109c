// Who the CLI's own database calls run as, for operation-log attribution: the CLI and migration
// runs act with service rights (they own the data directory or hold the admin token).
import type { CallContext } from '../../engine/database-types.js';

export const CLI_CONTEXT: CallContext = Object.freeze({ caller: Object.freeze({ kind: 'service' as const }), source: 'cli' as const });
export const MIGRATION_CONTEXT: CallContext = Object.freeze({ caller: Object.freeze({ kind: 'service' as const }), source: 'migration' as const });
