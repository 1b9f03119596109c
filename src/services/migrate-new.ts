import { AeroError } from '../engine/errors/aero-error.js';
import { slugMigrationName } from '../engine/migrations/file-name.js';
import { withProject, type ProjectOptions } from './project-session.js';
import type { NewMigrationReport } from './report-types.js';

export interface NewMigrationOptions extends ProjectOptions {
  name: string;
  /** draft the ops that turn the applied schemas into the hand-edited schemas/*.json */
  fromSchemas?: boolean;
}

/** `aerodb migrate new NAME [--from-schemas]`: writes the next-numbered file for review (never applies it). */
export async function createMigration(options: NewMigrationOptions): Promise<NewMigrationReport> {
  const name = migrationNameSlug(options.name);
  return withProject(options, (source) => source.newMigration({ name, fromSchemas: options.fromSchemas ?? false }));
}

/** The snake_case file-name part of a migration name; a name without letters or digits is a usage error. */
export function migrationNameSlug(raw: string): string {
  const name = slugMigrationName(raw);
  if (name === '') {
    throw new AeroError('AERO_CONFIG_USAGE', `migration name ${JSON.stringify(raw)} has no letters or digits`, { hint: 'Name it after the change, e.g. `aerodb migrate new add_email_verified`.' });
  }
  return name;
}
