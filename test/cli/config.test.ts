import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject, parseConfigText } from '../../src/config/load-config.js';
import { AeroError } from '../../src/engine/errors/aero-error.js';

function expectAeroError(fn: () => unknown, code: string): AeroError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AeroError);
    expect((err as AeroError).code).toBe(code);
    return err as AeroError;
  }
  throw new Error(`expected ${code}`);
}

describe('aerodb.toml loading', () => {
  it('applies every default to an empty file', () => {
    const config = parseConfigText('', 'aerodb.toml');
    expect(config).toEqual({
      server: { host: '127.0.0.1', port: 7420 },
      storage: { dir: '.aerodb', fsync: true, checkpoint_wal_mb: 64 },
      query: { max_limit: 1000, default_timeout_ms: 5000, expand_max_depth: 2 },
      observability: {
        oplog: { enabled: true, retention_entries: 100000, retention_hours: 0 },
        slow_queries: { enabled: true, threshold_ms: 100, sample_rate: 1, alert_webhook: '', alert_webhook_max_in_flight: 4 },
      },
      realtime: { max_pending_messages: 1000, drop_policy: 'oldest_first', client_ack_timeout_ms: 5000, max_subscriptions_per_connection: 100 },
      functions: { timeout_ms: 1000, memory_mb: 64, pool_size: 2 },
      auth: { jwt_secret_file: '.aerodb/keys.json' },
    });
  });

  it('keeps given values and fills the rest of a partial section', () => {
    const config = parseConfigText('[server]\nport = 9000\n[observability.slow_queries]\nthreshold_ms = 5\n', 'aerodb.toml');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.observability.slow_queries.threshold_ms).toBe(5);
    expect(config.observability.oplog.enabled).toBe(true);
  });

  it('rejects an alert_webhook that is not an http(s) URL, naming file and key', () => {
    const err = expectAeroError(() => parseConfigText('[observability.slow_queries]\nalert_webhook = "localhost:9000"\n', '/p/aerodb.toml'), 'AERO_CONFIG_INVALID');
    expect(err.message).toContain('/p/aerodb.toml');
    expect(err.details).toMatchObject({ key: 'observability.slow_queries.alert_webhook', value: 'localhost:9000' });
    expect(parseConfigText('[observability.slow_queries]\nalert_webhook = "https://hooks.example.com/aerodb"\n', 'aerodb.toml').observability.slow_queries.alert_webhook).toBe('https://hooks.example.com/aerodb');
  });

  it('names file and key path of an unknown key', () => {
    const err = expectAeroError(() => parseConfigText('[server]\nprot = 1\n', '/p/aerodb.toml'), 'AERO_CONFIG_UNKNOWN_KEY');
    expect(err.message).toContain('/p/aerodb.toml');
    expect(err.message).toContain('server.prot');
    expect(err.details).toMatchObject({ file: '/p/aerodb.toml', key: 'server.prot' });
    expect(err.hint).toContain('host, port');
  });

  it('names an unknown section and nested unknown keys', () => {
    expect(expectAeroError(() => parseConfigText('[srever]\n', 'f'), 'AERO_CONFIG_UNKNOWN_KEY').details['key']).toBe('srever');
    expect(expectAeroError(() => parseConfigText('[observability.oplog]\nretention = 3\n', 'f'), 'AERO_CONFIG_UNKNOWN_KEY').details['key']).toBe('observability.oplog.retention');
  });

  it('names key and expected type of a wrong type', () => {
    const err = expectAeroError(() => parseConfigText('[server]\nport = "7420"\n', 'aerodb.toml'), 'AERO_CONFIG_INVALID');
    expect(err.message).toBe('aerodb.toml: `server.port` must be of type integer, got string "7420".');
    expect(err.details).toMatchObject({ key: 'server.port', expected: 'of type integer' });
    expect(expectAeroError(() => parseConfigText('[storage]\nfsync = "yes"\n', 'f'), 'AERO_CONFIG_INVALID').details['key']).toBe('storage.fsync');
    expect(expectAeroError(() => parseConfigText('server = 3\n', 'f'), 'AERO_CONFIG_INVALID').message).toContain('`server` must be a table');
  });

  it('rejects out-of-range and non-enum values', () => {
    expect(expectAeroError(() => parseConfigText('[server]\nport = 70000\n', 'f'), 'AERO_CONFIG_INVALID').message).toContain('<= 65535');
    expect(expectAeroError(() => parseConfigText('[realtime]\ndrop_policy = "random"\n', 'f'), 'AERO_CONFIG_INVALID').message).toContain('"oldest_first"');
    expect(expectAeroError(() => parseConfigText('[observability.slow_queries]\nsample_rate = 1.5\n', 'f'), 'AERO_CONFIG_INVALID').details['key']).toBe('observability.slow_queries.sample_rate');
  });

  it('reports TOML syntax errors with the line', () => {
    const err = expectAeroError(() => parseConfigText('[server\nport = 1\n', 'aerodb.toml'), 'AERO_CONFIG_INVALID');
    expect(err.message).toMatch(/aerodb.toml is not valid TOML at line 1/);
  });

  it('parses the init template (every section present)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../templates/basic/aerodb.toml', import.meta.url), 'utf8');
    expect(parseConfigText(text, 'template')).toEqual(parseConfigText('', 'defaults'));
  });
});

describe('project root', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aerodb-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds aerodb.toml upward from a nested directory and resolves the data dir', () => {
    writeFileSync(join(dir, 'aerodb.toml'), '[storage]\ndir = "data"\n');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const project = loadProject({ cwd: join(dir, 'a', 'b') });
    expect(project.root).toBe(dir);
    expect(project.dataDir).toBe(join(dir, 'data'));
    expect(project.migrationsDir).toBe(join(dir, 'migrations'));
    expect(loadProject({ cwd: '/', dir }).root).toBe(dir);
  });

  it('fails with AERO_CONFIG_NOT_FOUND outside a project', () => {
    expect(expectAeroError(() => loadProject({ cwd: dir }), 'AERO_CONFIG_NOT_FOUND').message).toContain(dir);
  });
});

describe('the precompiled config validator', () => {
  it('is what `npm run gen:config-validator` generates from CONFIG_SCHEMA', async () => {
    const { configValidatorSource } = await import('../../src/config/config-validator-source.js');
    const { readFileSync } = await import('node:fs');
    const file = readFileSync(new URL('../../src/config/config-validator.generated.ts', import.meta.url), 'utf8');
    expect(file, 'run `npm run gen:config-validator` after changing src/config/config-schema.ts').toBe(configValidatorSource());
  });
});
