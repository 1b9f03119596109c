import { describe, expect, it } from 'vitest';
import { compareVersions, migrationFileName, nextVersion, parseMigrationFileName, slugMigrationName } from '../../../src/engine/migrations/file-name.js';

describe('migration file names', () => {
  it('parses NNN_name.aeromigration.json', () => {
    expect(parseMigrationFileName('002_add_email_verified.aeromigration.json')).toEqual({ version: '002', name: 'add_email_verified' });
    expect(parseMigrationFileName('1000_x.aeromigration.json')).toEqual({ version: '1000', name: 'x' });
    for (const bad of ['02_x.aeromigration.json', '002-x.aeromigration.json', '002_X.aeromigration.json', '002_x.json', '002_.aeromigration.json']) {
      expect(parseMigrationFileName(bad)).toBeNull();
    }
    expect(migrationFileName('003', 'rename')).toBe('003_rename.aeromigration.json');
  });

  it('orders versions numerically', () => {
    expect(['1000', '999', '002', '010'].sort(compareVersions)).toEqual(['002', '010', '999', '1000']);
    expect(compareVersions('001', '0001')).toBe(0);
  });

  it('numbers the next migration keeping the width', () => {
    expect(nextVersion(null)).toBe('001');
    expect(nextVersion('007')).toBe('008');
    expect(nextVersion('999')).toBe('1000');
    expect(nextVersion('0042')).toBe('0043');
  });

  it('slugs names', () => {
    expect(slugMigrationName('Add email verified')).toBe('add_email_verified');
    expect(slugMigrationName('addEmailVerified')).toBe('add_email_verified');
    expect(slugMigrationName('  --x--y  ')).toBe('x_y');
    expect(slugMigrationName('!!!')).toBe('');
  });
});
