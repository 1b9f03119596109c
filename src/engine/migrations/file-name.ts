export const MIGRATION_SUFFIX = '.aeromigration.json';
/** NNN_name.aeromigration.json: a 3+ digit version, a lower-case snake_case name. */
export const MIGRATION_FILE_PATTERN = /^(\d{3,})_([a-z0-9][a-z0-9_]*)\.aeromigration\.json$/;
export const MIGRATION_NAME_PATTERN = /^[a-z0-9][a-z0-9_]*$/;

export function parseMigrationFileName(file: string): { version: string; name: string } | null {
  const match = MIGRATION_FILE_PATTERN.exec(file);
  return match ? { version: match[1]!, name: match[2]! } : null;
}

export function migrationFileName(version: string, name: string): string {
  return `${version}_${name}${MIGRATION_SUFFIX}`;
}

/** Versions order numerically ("1000" after "999"); equal numbers are the same version. */
export function compareVersions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isVersionText(text: string): boolean {
  return /^\d+$/.test(text);
}

/** The version after `highest` keeping its width (at least 3 digits). */
export function nextVersion(highest: string | null): string {
  const width = Math.max(3, highest?.length ?? 3);
  const next = highest === null ? 1n : BigInt(highest) + 1n;
  return next.toString().padStart(width, '0');
}

/** Lower-case snake_case from free text ("Add email verified" -> "add_email_verified"). */
export function slugMigrationName(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
