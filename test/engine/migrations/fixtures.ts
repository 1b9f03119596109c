import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import { migrationFileName } from '../../../src/engine/migrations/file-name.js';
import type { Clock } from '../../../src/engine/migrations/migration-types.js';
import type { SchemaOp } from '../../../src/engine/types.js';

export const fixedClock: Clock = () => new Date('2026-01-02T03:04:05.000Z');

export interface Sandbox {
  root: string;
  dataDir: string;
  migrationsDir: string;
  open(): Promise<Database>;
  write(version: string, name: string, up: SchemaOp[], down: SchemaOp[]): string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'aerodb-mig-'));
  const dataDir = join(root, 'data');
  const migrationsDir = join(root, 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  return {
    root,
    dataDir,
    migrationsDir,
    open: () => openDatabase({ dir: dataDir, fsync: false }),
    write(version, name, up, down) {
      const path = join(migrationsDir, migrationFileName(version, name));
      writeFileSync(path, `${JSON.stringify({ version, name, up, down }, null, 2)}\n`);
      return path;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every user collection's documents (in _id order) and schema, as exact JSON text. */
export async function dumpState(db: Database, options: { withSchemaVersion?: boolean } = {}): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const schema of db.schemas()) {
    const docs: unknown[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await db.find(schema.collection, cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
      docs.push(...page.data);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    const { schema_version, ...rest } = schema;
    out[schema.collection] = { schema: options.withSchemaVersion ? schema : rest, schema_version_seen: options.withSchemaVersion ? schema_version : undefined, docs };
  }
  return JSON.stringify(out);
}
