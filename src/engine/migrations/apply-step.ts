import type { Database } from '../database-types.js';
import { AeroError } from '../errors/aero-error.js';
import { SYSTEM_MIGRATIONS, type Doc } from '../types.js';
import type { Clock, Migration, MigrationRecord } from './migration-types.js';

export interface MigrationStepResult {
  version: string;
  name: string;
  direction: 'up' | 'down';
  lsn: number;
  /** collections whose schema changed, sorted */
  collections: string[];
}

/**
 * Runs one direction of one migration as ONE atomic unit: its ops and its `_system.migrations`
 * row are written together, so after a crash the database is exactly before or exactly after it.
 */
export async function applyMigrationStep(
  db: Database,
  migration: Migration,
  direction: 'up' | 'down',
  previous: MigrationRecord | undefined,
  clock: Clock,
): Promise<MigrationStepResult> {
  const record: MigrationRecord = {
    _id: migration.version,
    version: migration.version,
    name: migration.name,
    checksum: migration.checksum,
    applied_at: clock().toISOString(),
    // The row is part of the unit it describes; the database assigns that unit the next LSN.
    lsn: db.lsn + 1,
    direction,
    resolutions: previous?.resolutions ?? [],
  };
  const ops = direction === 'up' ? migration.up : migration.down;
  try {
    const result = await db.applySchemaOps(ops, { alsoWrite: [{ collection: SYSTEM_MIGRATIONS, doc: record as unknown as Doc }] });
    return { version: migration.version, name: migration.name, direction, lsn: result.lsn, collections: result.collections };
  } catch (err) {
    if (!(err instanceof AeroError)) throw err;
    throw stepError(err, migration, direction);
  }
}

function stepError(cause: AeroError, migration: Migration, direction: 'up' | 'down'): AeroError {
  // the planner names the failing op by its index in the list it was given
  const op = cause.details['op'];
  const pointer = `/${direction}${typeof op === 'number' ? `/${op}` : ''}`;
  return new AeroError('AERO_MIGRATION_FAILED', `${migration.file} ${pointer}: ${cause.code}: ${cause.message}. Nothing of ${migration.version} was applied.`, {
    details: { file: migration.file, version: migration.version, direction, pointer, cause: cause.toJSON() },
    hint: cause.hint,
    cause,
  });
}
