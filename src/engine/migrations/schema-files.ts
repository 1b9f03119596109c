import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaToJsonFile } from '../schema/schema-file.js';
import type { AppliedSchema } from '../types.js';

export interface SchemaFilesResult {
  /** files whose content changed, sorted */
  written: string[];
  /** files of collections that no longer exist, sorted */
  deleted: string[];
}

/**
 * Rewrites `schemas/<collection>.json` from the applied state (stable key order, trailing
 * newline); files are only touched when their text changes. Files of collections in `previous`
 * that are gone are deleted; other files (a hand-drafted new collection) are left alone.
 */
export function writeSchemaFiles(dir: string, applied: readonly AppliedSchema[], previous: readonly string[]): SchemaFilesResult {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const deleted: string[] = [];
  const current = new Set(applied.map((s) => s.collection));
  for (const schema of applied) {
    const file = schemaFileName(schema.collection);
    const path = join(dir, file);
    const text = schemaToJsonFile(schema);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    written.push(file);
  }
  for (const name of [...previous].sort()) {
    if (current.has(name)) continue;
    const path = join(dir, schemaFileName(name));
    if (existsSync(path)) {
      rmSync(path);
      deleted.push(schemaFileName(name));
    }
  }
  return { written: written.sort(), deleted };
}

export function schemaFileName(collection: string): string {
  return `${collection}.json`;
}

/** The `*.json` files in `dir`, sorted (none when the directory does not exist). */
export function listSchemaFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
}
