// A database with the operation log on, a stepping clock (every clock read advances it, so each
// operation lasts exactly `stepMs`) and helpers to read what the log wrote.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database, OpenDatabaseOptions } from '../../../src/engine/database-types.js';
import type { OplogEntry } from '../../../src/engine/oplog/oplog-entry.js';
import type { OplogClock, OplogOptions } from '../../../src/engine/oplog/oplog-options.js';
import type { CollectionSchema } from '../../../src/engine/types.js';

/** 2026-11-28T09:30:00.000Z */
export const ORIGIN = Date.UTC(2026, 10, 28, 9, 30, 0, 0);

export class SteppingClock implements OplogClock {
  readonly timeOrigin = ORIGIN;
  t = 0;
  constructor(public stepMs = 5) {}
  now(): number {
    const t = this.t;
    this.t += this.stepMs;
    return t;
  }
}

export const POSTS: CollectionSchema = {
  collection: 'posts',
  fields: {
    _id: { type: 'string', required: true },
    title: { type: 'string', required: true },
    status: { type: 'string', enum: ['draft', 'published'], required: true },
    author_id: { type: 'reference', target_collection: 'users', on_delete: 'cascade' },
  },
  indexes: [{ name: 'status_idx', fields: ['status'] }],
  projections: [{ name: 'published_posts', fields: ['title'], filter: { status: 'published' } }],
};

export const USERS: CollectionSchema = {
  collection: 'users',
  fields: { _id: { type: 'string', required: true }, name: { type: 'string', required: true } },
  // anyone may read, a signed-in user may create (the attribution tests act as anon and as a user)
  rls: { read: 'public', create: 'authenticated' },
};

export async function openWithOplog(dir: string, oplog: OplogOptions = {}, extra: Partial<OpenDatabaseOptions> = {}): Promise<Database> {
  return openDatabase({ dir, fsync: false, walSegmentBytes: 1024 * 1024, ...extra, oplog });
}

/** Every entry in the segment files, oldest first. */
export function fileEntries(dir: string): OplogEntry[] {
  const oplogDir = join(dir, 'oplog');
  const out: OplogEntry[] = [];
  for (const name of readdirSync(oplogDir).sort()) {
    for (const line of readFileSync(join(oplogDir, name), 'utf8').split('\n')) if (line !== '') out.push(JSON.parse(line) as OplogEntry);
  }
  return out;
}

/** Every retained entry through the normal query API, oldest first. */
export async function queryEntries(db: Database, filter: Record<string, unknown> = {}): Promise<OplogEntry[]> {
  const out: OplogEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.find('_system.operation_log', cursor === undefined ? { filter, limit: 1000 } : { filter, limit: 1000, cursor });
    out.push(...(page.data as unknown as OplogEntry[]));
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}
