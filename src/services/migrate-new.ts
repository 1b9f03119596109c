import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AeroError } from '../engine/errors/aero-error.js';
import { compareVersions, migrationFileName, nextVersion, slugMigrationName } from '../engine/migrations/file-name.js';
import { draftMigrationFromSchemaFiles } from '../engine/migrations/schema-drift.js';
import type { SchemaOp } from '../engine/types.js';
import { withProject, type ProjectOptions } from './project-session.js';

export interface NewMigrationOptions extends ProjectOptions {
  name: string;
  /** draft the ops that turn the applied schemas into the hand-edited schemas/*.json */
  fromSchemas?: boolean;
}

export interface NewMigrationReport {
  /** false when --from-schemas found nothing to draft (no file written) */
  created: boolean;
  version: string;
  name: string;
  /** path relative to the project root */
  file: string | null;
  up: SchemaOp[];
  down: SchemaOp[];
}

/** `aerodb migrate new NAME [--from-schemas]`: writes the next-numbered file for review (never applies it). */
export async function createMigration(options: NewMigrationOptions): Promise<NewMigrationReport> {
  const name = slugMigrationName(options.name);
  if (name === '') {
    throw new AeroError('AERO_CONFIG_USAGE', `migration name ${JSON.stringify(options.name)} has no letters or digits`, { hint: 'Name it after the change, e.g. `aerodb migrate new add_email_verified`.' });
  }
  return withProject(options, async ({ project, migrations, source }) => {
    const history = await source.migrationHistory();
    const highest = [...migrations.map((m) => m.version), ...history.map((r) => r.version)].sort(compareVersions).at(-1) ?? null;
    const version = nextVersion(highest);
    let up: SchemaOp[] = [];
    let down: SchemaOp[] = [];
    if (options.fromSchemas) {
      ({ up, down } = draftMigrationFromSchemaFiles(project.schemasDir, await source.appliedSchemas()));
      if (up.length === 0) return { created: false, version, name, file: null, up, down };
    }
    const path = join(project.migrationsDir, migrationFileName(version, name));
    if (existsSync(path)) {
      throw new AeroError('AERO_MIGRATION_DUPLICATE_VERSION', `${relative(project.root, path)} already exists`, { hint: 'Pick another name, or edit the existing file.' });
    }
    mkdirSync(project.migrationsDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify({ version, name, up, down }, null, 2)}\n`, { flag: 'wx' });
    return { created: true, version, name, file: relative(project.root, path), up, down };
  });
}
