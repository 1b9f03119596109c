import { openDatabase } from '../../engine/database.js';
import type { Database } from '../../engine/database-types.js';
import { readMigrationHistory } from '../../engine/migrations/history.js';
import { migrateDown } from '../../engine/migrations/migrate-down.js';
import { migrateUp } from '../../engine/migrations/migrate-up.js';
import type { Clock } from '../../engine/migrations/migration-types.js';
import { resolveModifiedMigration } from '../../engine/migrations/resolve-modified.js';
import type { LoadedProject } from '../../config/load-config.js';
import type { ProjectDataSource } from './data-source.js';

/** Opens the project's data directory in this process (the path used when no server runs). */
export async function openDirectDataSource(project: LoadedProject, clock: Clock): Promise<ProjectDataSource> {
  const db = await openDatabase({
    dir: project.dataDir,
    fsync: project.config.storage.fsync,
    maxLimit: project.config.query.max_limit,
    checkpointWalMb: project.config.storage.checkpoint_wal_mb,
  });
  return new DirectDataSource(db, clock);
}

class DirectDataSource implements ProjectDataSource {
  readonly mode = 'direct' as const;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  migrationHistory() {
    return readMigrationHistory(this.db);
  }

  async appliedSchemas() {
    return this.db.schemas();
  }

  migrateUp(migrations: Parameters<ProjectDataSource['migrateUp']>[0], options: Parameters<ProjectDataSource['migrateUp']>[1]) {
    return migrateUp(this.db, migrations, { ...options, clock: this.clock });
  }

  migrateDown(migrations: Parameters<ProjectDataSource['migrateDown']>[0], options: Parameters<ProjectDataSource['migrateDown']>[1]) {
    return migrateDown(this.db, migrations, { ...options, clock: this.clock });
  }

  resolveModified(migrations: Parameters<ProjectDataSource['resolveModified']>[0], options: Parameters<ProjectDataSource['resolveModified']>[1]) {
    return resolveModifiedMigration(this.db, migrations, { ...options, clock: this.clock });
  }

  explain(collection: string, query: Parameters<ProjectDataSource['explain']>[1], options: { analyze: boolean }) {
    return this.db.explain(collection, query, options);
  }

  close() {
    return this.db.close();
  }
}
