import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { AeroError } from '../errors/aero-error.js';
import { SchemaValidators } from '../schema/schema-validators.js';
import { validateSchemaOp } from '../schema/validate-schema-op.js';
import type { SchemaOp } from '../types.js';
import { migrationChecksum } from './checksum.js';
import { findDownMismatch } from './down-inverse.js';
import { MIGRATION_FILE_PATTERN, parseMigrationFileName } from './file-name.js';
import type { Migration } from './migration-types.js';

const TOP_LEVEL_KEYS = ['version', 'name', 'description', 'up', 'down'];

export interface ParseMigrationOptions {
  /** names the file in errors (default: the file name) */
  displayPath?: string;
  /** share one instance when parsing many files (the op validators compile once) */
  validators?: SchemaValidators;
  /**
   * Checksums of files that were validated when they were applied: a file with one of them is
   * byte-for-byte that file, so its ops are not validated again (keeps `status` fast and never
   * breaks an applied history when validation rules evolve).
   */
  trustedChecksums?: ReadonlySet<string>;
}

/**
 * Parses and validates one migration file: its name, JSON, top-level shape, every op's shape,
 * and that `down` inverts `up` where that is checkable.
 */
export function parseMigration(file: string, path: string, bytes: Uint8Array, options: ParseMigrationOptions = {}): Migration {
  const displayPath = options.displayPath ?? file;
  const fromName = parseMigrationFileName(file);
  if (!fromName) {
    throw invalid(displayPath, '', `file name "${file}" does not match NNN_name.aeromigration.json`, `Rename it like 002_add_email_verified.aeromigration.json (pattern ${MIGRATION_FILE_PATTERN.source}).`);
  }
  const text = Buffer.from(bytes).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const where = jsonErrorLocation(text);
    throw invalid(displayPath, '', `is not valid JSON${where}: ${(err as Error).message}`, 'Fix the JSON syntax at the position shown.');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(displayPath, '', 'must be a JSON object with version, name, up and down', 'Start from `aerodb migrate new NAME`, which writes a valid skeleton.');
  }
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw invalid(displayPath, `/${key}`, `unknown key "${key}"`, `Remove it; a migration has only ${TOP_LEVEL_KEYS.join(', ')}.`);
  }
  if (doc['version'] !== fromName.version) {
    throw invalid(displayPath, '/version', `version ${JSON.stringify(doc['version'])} does not match the file name's "${fromName.version}"`, `Set "version": "${fromName.version}" (a string), or rename the file.`);
  }
  if (doc['name'] !== fromName.name) {
    throw invalid(displayPath, '/name', `name ${JSON.stringify(doc['name'])} does not match the file name's "${fromName.name}"`, `Set "name": "${fromName.name}", or rename the file.`);
  }
  if (doc['description'] !== undefined && typeof doc['description'] !== 'string') {
    throw invalid(displayPath, '/description', 'description must be a string', 'Make description a string or remove it.');
  }
  const checksum = migrationChecksum(bytes);
  const trusted = options.trustedChecksums?.has(checksum) ?? false;
  const validators = trusted ? null : (options.validators ?? new SchemaValidators());
  const up = parseOps(doc, 'up', displayPath, validators);
  const down = parseOps(doc, 'down', displayPath, validators);
  const mismatch = trusted ? null : findDownMismatch(up, down);
  if (mismatch) {
    throw new AeroError('AERO_MIGRATION_DOWN_MISMATCH', `${displayPath} ${mismatch.pointer}: ${mismatch.message}`, {
      details: { file: displayPath, pointer: mismatch.pointer, expected: mismatch.expected },
      hint: `Add ${mismatch.expected} to down (down runs newest-first and must undo every up op).`,
    });
  }
  const migration: Migration = { version: fromName.version, name: fromName.name, file, path, checksum, up, down };
  if (typeof doc['description'] === 'string') migration.description = doc['description'];
  return migration;
}

/** The ops under `key`, each validated unless `validators` is null (a trusted, already applied file). */
function parseOps(doc: Record<string, unknown>, key: 'up' | 'down', file: string, validators: SchemaValidators | null): SchemaOp[] {
  const ops = doc[key];
  if (!Array.isArray(ops)) {
    throw invalid(file, `/${key}`, `"${key}" must be an array of operations`, `Write "${key}": [ ... ] (it may be empty).`);
  }
  if (validators === null) return ops as SchemaOp[];
  return ops.map((op, i) => {
    const pointer = `/${key}/${i}`;
    try {
      return validateSchemaOp(op, pointer, validators);
    } catch (err) {
      if (!(err instanceof AeroError)) throw err;
      const at = typeof err.details['pointer'] === 'string' ? (err.details['pointer'] as string) : pointer;
      const reason = typeof err.details['reason'] === 'string' ? (err.details['reason'] as string) : err.message;
      throw new AeroError('AERO_MIGRATION_INVALID', `${file} ${at || '/'}: ${reason}`, {
        details: { ...err.details, file, pointer: at, cause: err.code },
        hint: err.hint,
      });
    }
  });
}

function invalid(file: string, pointer: string, message: string, hint: string): AeroError {
  return new AeroError('AERO_MIGRATION_INVALID', `${file}${pointer ? ` ${pointer}` : ''}: ${message}`, { details: { file, pointer }, hint });
}

/** " (line L, column C)" of the first syntax error (V8's messages often omit the position). */
function jsonErrorLocation(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset;
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return ` (line ${line}, column ${column})`;
}
