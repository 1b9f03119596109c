// What the dashboard needs from a server: a stream of batched events, and a few requests. Two
// implementations live in src/services/dashboard: in-process (inside `aerodb serve`) and remote
// (`aerodb dashboard`: admin API + SSE).
import type { Query } from '../engine/types.js';
import type { MigrateRunReport, MigrationStatusReport } from '../services/report-types.js';
import type { FindPage } from './models/effects.js';
import type { FeedEvent, FunctionsSnapshot, InvocationResult } from './models/feed-events.js';

export interface DashboardFeed {
  /** calls `listener` with each batch of events, in order, until the returned function is called */
  subscribe(listener: (events: FeedEvent[]) => void): () => void;
  /** a page of documents with the plan the query ran with (attributed to the CLI in the oplog) */
  find(collection: string, query: Query): Promise<FindPage>;
  migrationStatus(): Promise<MigrationStatusReport>;
  /** up: applies pending migrations through `version`; down: rolls back everything above `version` */
  migrate(direction: 'up' | 'down', version: string): Promise<MigrateRunReport>;
  functions(): Promise<FunctionsSnapshot>;
  /** runs a deployed function as the service with `input` (any JSON) */
  invoke(name: string, input: unknown): Promise<InvocationResult>;
  close(): Promise<void>;
}
