import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSchemas } from '../schema/schema-diff.js';
import { schemaToJsonFile } from '../schema/schema-file.js';
import type { AppliedSchema, CollectionSchema } from '../types.js';

export interface SchemaFilesResult {
  /** files whose content changed, sorted */
  written: string[];
  /** files of collections that no longer exist, sorted */
  deleted: string[];
  /** written or deleted files that held hand edits (drift) the new applied state does not contain */
  overwritten_edits: string[];
}

/**
 * Rewrites `schemas/<collection>.json` (stable key order, trailing newline) for every collection
 * whose applied schema changed from `before` to `after`, restores missing files, and deletes the
 * files of collections that are gone. Files of untouched collections are left alone, so a hand
 * edit there survives (and keeps showing as drift) until it is drafted into a migration.
 */
export function writeSchemaFiles(dir: string, before: readonly AppliedSchema[], after: readonly AppliedSchema[]): SchemaFilesResult {
  mkdirSync(dir, { recursive: true });
  const result: SchemaFilesResult = { written: [], deleted: [], overwritten_edits: [] };
  const beforeText = new Map(before.map((s) => [s.collection, schemaToJsonFile(s)] as const));
  const afterNames = new Set(after.map((s) => s.collection));
  for (const schema of after) {
    const file = schemaFileName(schema.collection);
    const path = join(dir, file);
    const text = schemaToJsonFile(schema);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (current === text || (current !== null && beforeText.get(schema.collection) === text)) continue;
    if (current !== null && current !== beforeText.get(schema.collection) && losesEdits(current, schema)) result.overwritten_edits.push(file);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    result.written.push(file);
  }
  for (const [name, text] of [...beforeText].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (afterNames.has(name)) continue;
    const file = schemaFileName(name);
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    if (readFileSync(path, 'utf8') !== text) result.overwritten_edits.push(file);
    rmSync(path);
    result.deleted.push(file);
  }
  result.written.sort();
  result.overwritten_edits.sort();
  return result;
}

/** True when the file's schema differs from `applied` (unparseable text counts as an edit). */
function losesEdits(text: string, applied: AppliedSchema): boolean {
  try {
    const { schema_version: _ignored, ...edited } = JSON.parse(text) as CollectionSchema & { schema_version?: number };
    return edited.collection !== applied.collection || diffSchemas(applied, edited).length > 0;
  } catch {
    return true;
  }
}

export function schemaFileName(collection: string): string {
  return `${collection}.json`;
}

/** The `*.json` files in `dir`, sorted (none when the directory does not exist). */
export function listSchemaFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
}
