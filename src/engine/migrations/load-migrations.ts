import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { SchemaValidators } from '../schema/schema-validators.js';
import { compareVersions, MIGRATION_SUFFIX } from './file-name.js';
import type { Migration } from './migration-types.js';
import { parseMigration } from './parse-migration.js';

/**
 * Reads every `*.aeromigration.json` in `dir` (other files are ignored), parses and validates
 * each, and returns them sorted by version. Two files with the same version are an error.
 * `displayRoot` makes paths in error messages relative (e.g. the project root).
 */
export function loadMigrations(dir: string, displayRoot?: string): Migration[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith(MIGRATION_SUFFIX)).sort();
  const validators = new SchemaValidators();
  const migrations = files.map((file) => {
    const path = join(dir, file);
    return parseMigration(file, path, readFileSync(path), displayRoot ? relative(displayRoot, path) : path, validators);
  });
  migrations.sort((a, b) => compareVersions(a.version, b.version) || (a.file < b.file ? -1 : 1));
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (compareVersions(prev.version, cur.version) === 0) {
      throw new AeroError('AERO_MIGRATION_DUPLICATE_VERSION', `${prev.file} and ${cur.file} share version ${cur.version}`, {
        details: { version: cur.version, files: [prev.file, cur.file] },
        hint: `Renumber one of them (the next free version is above ${migrations[migrations.length - 1]!.version}).`,
      });
    }
  }
  return migrations;
}
