// Shared builders for the dashboard tests: model states, oplog rows, stats and a scripted feed.
import type { DatabaseStats } from '../../src/engine/database-types.js';
import type { MigrateRunReport, MigrationStatusReport } from '../../src/services/report-types.js';
import type { DashboardFeed } from '../../src/ui/dashboard-feed.js';
import type { FindPage } from '../../src/ui/models/effects.js';
import type { FeedEvent, FunctionsSnapshot, InvocationResult, OplogRow, ServerSummary } from '../../src/ui/models/feed-events.js';
import type { Query } from '../../src/engine/types.js';

export const SIZE = { columns: 100, rows: 30 };
export const EPOCH = Date.parse('2026-11-28T09:30:00.000Z');

export const SERVER: ServerSummary = {
  url: 'http://127.0.0.1:7420',
  version: '0.1.0',
  pid: 4242,
  started_at: '2026-11-28T08:28:00.000Z',
  keys: { anon: 'aero_anon_0123456789abcdef0123456789abcdef', service: 'aero_service_fedcba9876543210fedcba9876543210' },
  mode: 'serve',
};

export function stats(overrides: Partial<DatabaseStats> = {}): DatabaseStats {
  return {
    lsn: 120,
    durable_lsn: 120,
    checkpoint_lsn: 100,
    wal_bytes: 3 * 1024 * 1024,
    collections: [
      { name: '_system.migrations', documents: 2, schema_version: 1, indexes: ['_id'] },
      { name: 'posts', documents: 1234, schema_version: 3, indexes: ['_id', 'status_created'] },
      { name: 'users', documents: 56, schema_version: 1, indexes: ['_id', 'email_unique'] },
    ],
    ...overrides,
  };
}

/** One oplog row as the engine would report it (the line is a SPEC §8 entry). */
export function row(seq: number, fields: { collection?: string | null; operation?: string; slow?: boolean; duration_ms?: number; status?: string; error_code?: string | null } = {}): OplogRow {
  const collection = fields.collection === undefined ? 'posts' : fields.collection;
  const operation = fields.operation ?? 'insert';
  const slow = fields.slow ?? false;
  const epochMs = EPOCH + seq;
  const entry = {
    _id: `op_${seq.toString(16).padStart(16, '0')}`,
    timestamp: new Date(epochMs).toISOString(),
    collection,
    operation,
    filter: operation === 'find' ? { status: 'published' } : null,
    user_id: 'service',
    duration_ms: fields.duration_ms ?? (slow ? 250 : 0.42),
    documents_scanned: operation === 'find' ? 40 : 0,
    documents_returned: operation === 'find' ? 20 : 1,
    index_used: operation === 'find' ? 'status_created' : null,
    status: fields.status ?? 'ok',
    error_code: fields.error_code ?? null,
    slow,
    explain_plan: null,
    source: 'rest',
  };
  return { seq, epochMs, collection, operation, slow, line: JSON.stringify(entry) };
}

export function statusReport(overrides: Partial<MigrationStatusReport> = {}): MigrationStatusReport {
  const entry = (version: string, name: string, state: 'applied' | 'pending' | 'modified' | 'missing') => ({
    version,
    name,
    state,
    applied_at: state === 'pending' ? null : '2026-11-27T10:00:00.000Z',
    checksum: `sha256:${version}`,
    applied_checksum: state === 'pending' ? null : `sha256:${version}`,
    file: `${version}_${name}.aeromigration.json`,
    out_of_order: false,
    resolutions: [],
  });
  return {
    project: '/tmp/app',
    current: '002',
    migrations: [entry('001', 'init', 'applied'), entry('002', 'add_email', 'applied'), entry('003', 'add_tags', 'pending')],
    problems: [],
    drift: { clean: true, entries: [], fix: null },
    ...overrides,
  };
}

export function runReport(direction: 'up' | 'down', version: string, name: string, current: string | null): MigrateRunReport {
  return {
    direction,
    steps: [{ version, name, direction, lsn: 130, collections: ['tags'] }],
    current,
    schema_files: { written: ['tags.json'], deleted: [], overwritten_edits: [] },
  };
}

/** A feed whose answers and events the test controls; it records every request. */
export class ScriptedFeed implements DashboardFeed {
  readonly calls: string[] = [];
  listener: ((events: FeedEvent[]) => void) | null = null;
  findPage: (collection: string, query: Query) => FindPage = () => ({ data: [], next_cursor: null, explain: null, documents_scanned: 0 });
  status: MigrationStatusReport = statusReport();
  functionsSnapshot: FunctionsSnapshot = { available: false, reason: 'this server runs no WASM functions yet' };
  migrateResult: (direction: 'up' | 'down', version: string) => Promise<MigrateRunReport> = async (direction, version) =>
    runReport(direction, direction === 'up' ? version : '002', direction === 'up' ? 'add_tags' : 'add_email', version);

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }

  emit(...events: FeedEvent[]): void {
    this.listener?.(events);
  }

  async find(collection: string, query: Query): Promise<FindPage> {
    this.calls.push(`find ${collection} ${JSON.stringify(query)}`);
    return this.findPage(collection, query);
  }

  async migrationStatus(): Promise<MigrationStatusReport> {
    this.calls.push('status');
    return this.status;
  }

  migrate(direction: 'up' | 'down', version: string): Promise<MigrateRunReport> {
    this.calls.push(`migrate ${direction} ${version}`);
    return this.migrateResult(direction, version);
  }

  async functions(): Promise<FunctionsSnapshot> {
    this.calls.push('functions');
    return this.functionsSnapshot;
  }

  invokeResult: (name: string, input: unknown) => Promise<InvocationResult> = async (name, input) => ({ invocation_id: 'inv_000001', version: 2, value: { echo: input, name }, duration_ms: 3.2 });

  invoke(name: string, input: unknown): Promise<InvocationResult> {
    this.calls.push(`invoke ${name} ${JSON.stringify(input)}`);
    return this.invokeResult(name, input);
  }

  async close(): Promise<void> {}
}

/** Lets pending promise callbacks run. */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Two functions: hello (deployed v2, two invocations) and broken (its last save did not build). */
export function functionsSnapshot(): FunctionsSnapshot {
  return {
    available: true,
    functions: [
      {
        name: 'hello',
        status: 'deployed',
        version: 2,
        triggers: ['http POST /api/functions/hello'],
        last_invocations: [
          { id: 'inv_0000a1', at: '2026-11-28T09:29:58.000Z', duration_ms: 2.5, status: 'ok', error_code: null },
          { id: 'inv_0000a2', at: '2026-11-28T09:29:59.000Z', duration_ms: 1000, status: 'error', error_code: 'AERO_FUNCTION_TIMEOUT' },
        ],
        logs: ['info deployed v2 (sha256 0123456789ab, 51234 bytes) in 812 ms', 'info hello from the guest'],
      },
      {
        name: 'broken',
        status: 'deployed',
        version: 1,
        triggers: ['schedule "*/5 * * * *" (UTC)'],
        last_invocations: [],
        logs: ['info deployed v1 (sha256 aaaaaaaaaaaa, 50000 bytes) in 700 ms', 'error deploy failed: functions/broken/index.ts:3:7: ERROR: Expected ";" but found "x"'],
      },
    ],
  };
}
