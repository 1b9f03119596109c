import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AeroError } from '../../../src/engine/errors/aero-error.js';
import { loadMigrations } from '../../../src/engine/migrations/load-migrations.js';
import { migrationChecksum } from '../../../src/engine/migrations/checksum.js';
import { parseMigration } from '../../../src/engine/migrations/parse-migration.js';

const FILE = '002_add_email_verified.aeromigration.json';
const valid = {
  version: '002',
  name: 'add_email_verified',
  up: [{ op: 'add_field', collection: 'users', field: { name: 'email_verified', type: 'bool', default: false } }],
  down: [{ op: 'remove_field', collection: 'users', field: 'email_verified' }],
};

function parse(content: unknown, file = FILE) {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return parseMigration(file, `/p/migrations/${file}`, Buffer.from(text), { displayPath: `migrations/${file}` });
}

function failure(content: unknown, file = FILE): AeroError {
  try {
    parse(content, file);
  } catch (err) {
    expect(err).toBeInstanceOf(AeroError);
    return err as AeroError;
  }
  throw new Error('expected the migration to be rejected');
}

describe('parsing a migration file', () => {
  it('returns version, name, ops and the checksum', () => {
    const m = parse(valid);
    expect(m).toMatchObject({ version: '002', name: 'add_email_verified', file: FILE, up: valid.up, down: valid.down });
    expect(m.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('rejects a file name that does not match NNN_name', () => {
    const err = failure(valid, '2_add.aeromigration.json');
    expect(err.code).toBe('AERO_MIGRATION_INVALID');
    expect(err.message).toContain('migrations/2_add.aeromigration.json');
    expect(err.hint).toContain('002_add_email_verified.aeromigration.json');
  });

  it('names file and pointer when version or name disagree with the file name', () => {
    const v = failure({ ...valid, version: '003' });
    expect(v.message).toBe('migrations/002_add_email_verified.aeromigration.json /version: version "003" does not match the file name\'s "002"');
    expect(v.details).toMatchObject({ file: `migrations/${FILE}`, pointer: '/version' });
    expect(v.hint).toContain('"version": "002"');
    expect(failure({ ...valid, version: 2 }).details['pointer']).toBe('/version');
    expect(failure({ ...valid, name: 'other' }).details['pointer']).toBe('/name');
  });

  it('reports invalid JSON with line and column', () => {
    const err = failure('{\n  "version": "002",\n  "name": oops\n}');
    expect(err.code).toBe('AERO_MIGRATION_INVALID');
    expect(err.message).toMatch(/is not valid JSON \(line 3, column \d+\)/);
  });

  it('rejects unknown top-level keys and non-array up/down', () => {
    expect(failure({ ...valid, upp: [] }).details['pointer']).toBe('/upp');
    expect(failure({ ...valid, down: {} }).details['pointer']).toBe('/down');
    expect(failure([]).code).toBe('AERO_MIGRATION_INVALID');
  });

  it('validates each op shape and names the JSON pointer inside the op', () => {
    const err = failure({ ...valid, up: [valid.up[0], { op: 'add_field', collection: 'users', field: { name: 'x', type: 'boool' } }], down: [valid.down[0], { op: 'remove_field', collection: 'users', field: 'x' }] });
    expect(err.code).toBe('AERO_MIGRATION_INVALID');
    expect(String(err.details['pointer'])).toMatch(/^\/up\/1/);
    expect(err.message).toMatch(/^migrations\/002_add_email_verified\.aeromigration\.json \/up\/1/);
    const unknownOp = failure({ ...valid, up: [{ op: 'add_column', collection: 'users' }] });
    expect(String(unknownOp.details['pointer'])).toMatch(/^\/up\/0/);
  });

  it('does not re-validate the ops of a file whose checksum was recorded at apply time', () => {
    const bytes = Buffer.from(JSON.stringify({ ...valid, up: [{ op: 'add_field', collection: 'users', field: { name: 'x', type: 'boool' } }] }));
    expect(() => parseMigration(FILE, FILE, bytes)).toThrow(AeroError);
    const trusted = parseMigration(FILE, FILE, bytes, { trustedChecksums: new Set([migrationChecksum(bytes)]) });
    expect(trusted.up).toHaveLength(1);
    expect(() => parseMigration(FILE, FILE, bytes, { trustedChecksums: new Set(['sha256:other']) })).toThrow(AeroError);
  });

  it('rejects a down that does not invert up (add_field without remove_field)', () => {
    const err = failure({ ...valid, down: [{ op: 'remove_field', collection: 'users', field: 'other' }] });
    expect(err.code).toBe('AERO_MIGRATION_DOWN_MISMATCH');
    expect(err.details).toMatchObject({ pointer: '/up/0', expected: '{"op":"remove_field","collection":"users","field":"email_verified"}' });
    expect(err.hint).toContain('remove_field');
  });
});

describe('loading migrations/', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aerodb-migs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, version: string, name: string) =>
    writeFileSync(join(dir, file), JSON.stringify({ version, name, up: [], down: [] }));

  it('sorts by version numerically and ignores other files', () => {
    write('010_c.aeromigration.json', '010', 'c');
    write('002_b.aeromigration.json', '002', 'b');
    write('1000_d.aeromigration.json', '1000', 'd');
    writeFileSync(join(dir, 'README.md'), 'notes');
    expect(loadMigrations(dir).map((m) => m.version)).toEqual(['002', '010', '1000']);
  });

  it('rejects duplicate versions naming both files', () => {
    write('002_a.aeromigration.json', '002', 'a');
    write('002_b.aeromigration.json', '002', 'b');
    try {
      loadMigrations(dir);
      throw new Error('expected a duplicate-version error');
    } catch (err) {
      expect((err as AeroError).code).toBe('AERO_MIGRATION_DUPLICATE_VERSION');
      expect((err as AeroError).message).toBe('002_a.aeromigration.json and 002_b.aeromigration.json share version 002');
    }
  });

  it('returns nothing when migrations/ does not exist', () => {
    expect(loadMigrations(join(dir, 'nope'))).toEqual([]);
  });
});
