import type { LoadedProject } from '../../config/load-config.js';
import { openDatabase } from '../../engine/database.js';
import type { Database, OpenDatabaseOptions } from '../../engine/database-types.js';
import type { Clock } from '../../engine/migrations/migration-types.js';
import { oplogOptionsFromConfig } from '../oplog/oplog-config.js';
import { ProjectOperations } from '../project-operations.js';
import type { ProjectDataSource } from './data-source.js';

/** Opens the project's data directory in this process (the path used when no server runs). */
export async function openDirectDataSource(project: LoadedProject, clock: Clock): Promise<ProjectDataSource> {
  const db = await openDatabase(projectDatabaseOptions(project));
  return new DirectDataSource(db, new ProjectOperations(project, db, clock));
}

/** openDatabase options from aerodb.toml (shared with `aerodb serve`). */
export function projectDatabaseOptions(project: LoadedProject): OpenDatabaseOptions {
  return {
    dir: project.dataDir,
    fsync: project.config.storage.fsync,
    maxLimit: project.config.query.max_limit,
    checkpointWalMb: project.config.storage.checkpoint_wal_mb,
    expandMaxDepth: project.config.query.expand_max_depth,
    oplog: oplogOptionsFromConfig(project.config),
  };
}

class DirectDataSource implements ProjectDataSource {
  readonly mode = 'direct' as const;

  constructor(
    private readonly db: Database,
    private readonly ops: ProjectOperations,
  ) {}

  status: ProjectDataSource['status'] = () => this.ops.status();
  up: ProjectDataSource['up'] = (options) => this.ops.up(options);
  down: ProjectDataSource['down'] = (options) => this.ops.down(options);
  resolve: ProjectDataSource['resolve'] = (options) => this.ops.resolve(options);
  newMigration: ProjectDataSource['newMigration'] = (options) => this.ops.newMigration(options);
  explain: ProjectDataSource['explain'] = (collection, query, options) => this.ops.explain(collection, query, options);

  close(): Promise<void> {
    return this.db.close();
  }
}
