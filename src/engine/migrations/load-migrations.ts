import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { SchemaValidators } from '../schema/schema-validators.js';
import { compareVersions, MIGRATION_SUFFIX } from './file-name.js';
import type { Migration } from './migration-types.js';
import { parseMigration, type ParseMigrationOptions } from './parse-migration.js';

export interface LoadMigrationsOptions {
  /** makes paths in error messages relative (e.g. to the project root) */
  displayRoot?: string;
  /** checksums recorded for applied migrations: those files are not re-validated (see parseMigration) */
  trustedChecksums?: ReadonlySet<string>;
}

/**
 * Reads every `*.aeromigration.json` in `dir` (other files are ignored), parses and validates
 * each, and returns them sorted by version. Two files with the same version are an error.
 */
export function loadMigrations(dir: string, options: LoadMigrationsOptions = {}): Migration[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith(MIGRATION_SUFFIX)).sort();
  const validators = new SchemaValidators();
  const migrations = files.map((file) => {
    const path = join(dir, file);
    const parseOptions: ParseMigrationOptions = { displayPath: options.displayRoot ? relative(options.displayRoot, path) : path, validators };
    if (options.trustedChecksums) parseOptions.trustedChecksums = options.trustedChecksums;
    return parseMigration(file, path, readFileSync(path), parseOptions);
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
