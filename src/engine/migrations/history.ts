import type { Database } from '../database-types.js';
import { SYSTEM_MIGRATIONS, type Doc } from '../types.js';
import { compareVersions } from './file-name.js';
import type { MigrationRecord } from './migration-types.js';

const PAGE = 500;

/** Every `_system.migrations` row (applied and rolled back), sorted by version. */
export async function readMigrationHistory(db: Database): Promise<MigrationRecord[]> {
  const records: MigrationRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.find(SYSTEM_MIGRATIONS, cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor });
    for (const doc of page.data) records.push(toRecord(doc));
    if (!page.next_cursor || page.data.length === 0) break;
    cursor = page.next_cursor;
  }
  return records.sort((a, b) => compareVersions(a.version, b.version));
}

/** The rows currently applied (direction "up"), sorted by version. */
export function appliedRecords(history: readonly MigrationRecord[]): MigrationRecord[] {
  return history.filter((r) => r.direction === 'up');
}

function toRecord(doc: Doc): MigrationRecord {
  const d = doc as unknown as MigrationRecord;
  return {
    _id: d._id,
    version: d.version,
    name: d.name,
    checksum: d.checksum,
    applied_at: d.applied_at,
    lsn: d.lsn,
    direction: d.direction === 'down' ? 'down' : 'up',
    resolutions: Array.isArray(d.resolutions) ? d.resolutions.map((r) => ({ ...r })) : [],
  };
}
