import type { ResolveResult } from '../../engine/migrations/resolve-modified.js';
import type { Explain } from '../../engine/query/explain-types.js';
import type { MigrateRunReport, MigrationStatusReport, NewMigrationReport } from '../report-types.js';
import { adminCall, type AdminEndpoint } from './admin-client.js';
import type { ProjectDataSource } from './data-source.js';

/**
 * The running `aerodb serve` answers through its admin API: it owns the data directory and runs
 * the same ProjectOperations, so the reports are the objects the direct path would build. Step
 * progress is not streamed over HTTP (the final report lists every step).
 */
export class ServerDataSource implements ProjectDataSource {
  readonly mode = 'server' as const;

  constructor(readonly endpoint: AdminEndpoint) {}

  status: ProjectDataSource['status'] = () => adminCall<MigrationStatusReport>(this.endpoint, 'GET', '/admin/migrations');

  up: ProjectDataSource['up'] = (options) =>
    adminCall<MigrateRunReport>(this.endpoint, 'POST', '/admin/migrations/up', options.target === undefined ? {} : { version: options.target });

  down: ProjectDataSource['down'] = (options) => adminCall<MigrateRunReport>(this.endpoint, 'POST', '/admin/migrations/down', { version: options.target });

  resolve: ProjectDataSource['resolve'] = (options) =>
    adminCall<ResolveResult>(this.endpoint, 'POST', '/admin/migrations/resolve', { version: options.version, reason: options.reason });

  newMigration: ProjectDataSource['newMigration'] = (options) =>
    adminCall<NewMigrationReport>(this.endpoint, 'POST', '/admin/migrations/new', { name: options.name, from_schemas: options.fromSchemas });

  explain: ProjectDataSource['explain'] = (collection, query, options) =>
    adminCall<Explain>(this.endpoint, 'POST', '/admin/explain', { collection, query, analyze: options.analyze });

  /** Nothing to release: the server keeps the database open. */
  async close(): Promise<void> {}
}
