// Temp-dir databases and a users/posts/comments schema set with configurable on_delete actions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database, OpenDatabaseOptions } from '../../../src/engine/database-types.js';
import type { CollectionSchema, FieldDef, SchemaOp } from '../../../src/engine/types.js';

export type OnDelete = 'restrict' | 'cascade' | 'set_null';

export class TempDirs {
  readonly #dirs: string[] = [];
  make(prefix = 'aerodb-rel-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }
  cleanup(): void {
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export function ref(target: string, onDelete: OnDelete, extra: Partial<FieldDef> = {}): FieldDef {
  return { type: 'reference', target_collection: target, on_delete: onDelete, ...(onDelete === 'set_null' ? { nullable: true } : {}), ...extra };
}

export interface GraphActions {
  /** posts.author_id -> users */
  postAuthor: OnDelete;
  /** comments.post_id -> posts */
  commentPost: OnDelete;
  /** comments.author_id -> users */
  commentAuthor: OnDelete;
  /** users.manager_id -> users (self reference) */
  userManager: OnDelete;
}

export const DEFAULT_ACTIONS: GraphActions = { postAuthor: 'restrict', commentPost: 'cascade', commentAuthor: 'set_null', userManager: 'set_null' };

export function graphSchemas(actions: GraphActions = DEFAULT_ACTIONS): CollectionSchema[] {
  return [
    {
      collection: 'users',
      fields: {
        _id: { type: 'string', required: true },
        name: { type: 'string', required: true },
        manager_id: ref('users', actions.userManager, { nullable: true }),
      },
    },
    {
      collection: 'posts',
      fields: {
        _id: { type: 'string', required: true },
        title: { type: 'string', required: true },
        status: { type: 'string', enum: ['draft', 'published'] },
        author_id: ref('users', actions.postAuthor, { nullable: true }),
      },
      indexes: [{ name: 'status_idx', fields: ['status'] }, { name: 'author_idx', fields: ['author_id'] }],
    },
    {
      collection: 'comments',
      fields: {
        _id: { type: 'string', required: true },
        body: { type: 'string', required: true },
        post_id: ref('posts', actions.commentPost, { nullable: true }),
        author_id: ref('users', actions.commentAuthor, { nullable: true }),
      },
    },
  ];
}

/** Creates the three collections, then the reverse references (their source collection must exist first). */
export function graphSchemaOps(actions: GraphActions = DEFAULT_ACTIONS): SchemaOp[] {
  return [
    ...graphSchemas(actions).map((schema) => ({ op: 'create_collection' as const, schema })),
    { op: 'add_field', collection: 'users', field: { name: 'posts', type: 'reverse_reference', source_collection: 'posts', source_field: 'author_id', limit: 3 } },
    { op: 'add_field', collection: 'posts', field: { name: 'comments', type: 'reverse_reference', source_collection: 'comments', source_field: 'post_id' } },
  ];
}

/** Opens a database in a new temp dir with the users/posts/comments schemas applied (fsync off). */
export async function openGraphDb(dirs: TempDirs, actions: GraphActions = DEFAULT_ACTIONS, options: Partial<OpenDatabaseOptions> = {}): Promise<{ db: Database; dir: string }> {
  const dir = dirs.make();
  const db = await openDatabase({ dir, fsync: false, ...options });
  await db.applySchemaOps(graphSchemaOps(actions));
  return { db, dir };
}
