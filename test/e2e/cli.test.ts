import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

// The real CLI (built dist via bin/run.js; `npm test` builds first) in temp directories.
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'aerodb-e2e-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aerodb init', () => {
  it('scaffolds a project, creates keys, applies 001 and prints next steps', () => {
    const r = runCli(['init', 'app'], tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Next steps:');
    expect(r.stdout).toContain('cd app');
    const app = join(tmp, 'app');
    for (const f of ['aerodb.toml', '.gitignore', 'README.md', 'migrations/001_init.aeromigration.json', 'functions/hello/index.ts', 'functions/hello/function.json', 'schemas/users.json', 'schemas/posts.json', 'schemas/comments.json']) {
      expect(statSync(join(app, f)).isFile(), f).toBe(true);
    }
    expect(readFileSync(join(app, '.gitignore'), 'utf8')).toContain('.aerodb/');
    const keysFile = join(app, '.aerodb', 'keys.json');
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(keys)).toEqual(['anon', 'service', 'jwt_secret']);
    expect(keys['anon']).toMatch(/^aero_anon_[0-9a-f]{64}$/);
    expect(keys['service']).toMatch(/^aero_service_[0-9a-f]{64}$/);
    expect(keys['jwt_secret']).toMatch(/^[0-9a-f]{64}$/);

    const status = runCli(['migrate', 'status', '--json'], app);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.migrations.map((m: { version: string; state: string }) => [m.version, m.state])).toEqual([['001', 'applied']]);
    expect(report.drift.clean).toBe(true);
  });

  it('refuses a non-empty directory without --force (exit 1, AERO_CONFIG_PROJECT_EXISTS)', () => {
    const dir = join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = runCli(['init', dir], tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^AERO_CONFIG_PROJECT_EXISTS: .*busy is not empty \(notes\.txt\)\nhint: .*--force/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const forced = runCli(['init', dir, '--force', '--json'], tmp);
    expect(forced.code).toBe(0);
    const report = JSON.parse(forced.stdout);
    expect(report.keys_created).toBe(true);
    expect(report.migrate.steps.map((s: { version: string }) => s.version)).toEqual(['001']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('aerodb migrate on migrations-example', () => {
  let project: string;
  beforeAll(() => {
    project = join(tmp, 'example');
    cpSync(join(REPO_ROOT, 'migrations-example'), project, { recursive: true, filter: (src) => !src.includes('.aerodb') && !src.endsWith('/schemas') });
  });

  it('migrate up 002 applies 001 and 002 only', () => {
    const r = runCli(['migrate', 'up', '002'], project);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Applied 001 init');
    expect(r.stdout).toContain('Applied 002 add_email_verified');
    expect(r.stdout).toContain('Current version: 002');
    expect(readdirSync(join(project, 'schemas')).sort()).toEqual(['comments.json', 'posts.json', 'users.json']);
  });

  it('status --json reports every migration with state, applied_at and checksum', () => {
    const r = runCli(['migrate', 'status', '--json'], project);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.current).toBe('002');
    const states = report.migrations.map((m: { version: string; state: string }) => `${m.version}:${m.state}`);
    expect(states).toEqual(['001:applied', '002:applied', '003:pending', '004:pending', '005:pending', '006:pending', '007:pending']);
    for (const m of report.migrations) {
      expect(m.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(m.applied_at === null || /^\d{4}-\d\d-\d\dT/.test(m.applied_at)).toBe(true);
    }
    expect(report.problems).toEqual([]);
    expect(report.drift.clean).toBe(true);
  });

  it('status prints a table', () => {
    const r = runCli(['migrate', 'status'], project);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VERSION\s+NAME\s+STATE\s+APPLIED AT\s+CHECKSUM\n/);
    expect(r.stdout).toMatch(/\n002\s+add_email_verified\s+applied\s+\d{4}-/);
    expect(r.stdout).toMatch(/\n003\s+rename_user_name\s+pending\s+-/);
  });

  it('verify exits 0 with a one-line summary, and 1 with expected vs actual checksum once a file is edited', () => {
    const ok = runCli(['migrate', 'verify'], project);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(ok.stdout).toMatch(/^ok: 2 applied migrations match their files/);

    const file = join(project, 'migrations', '002_add_email_verified.aeromigration.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('backfills every existing user', 'backfills all users'));
    const bad = runCli(['migrate', 'verify'], project);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/002 add_email_verified: modified after it was applied/);
    expect(bad.stderr).toMatch(/expected sha256:[0-9a-f]{64}\n\s+actual\s+sha256:[0-9a-f]{64}/);
    expect(bad.stderr).toContain('aerodb migrate resolve 002 --accept-modified --reason');

    const up = runCli(['migrate', 'up'], project);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/^AERO_MIGRATION_MODIFIED: migrate up refused/);

    writeFileSync(file, original.replace(/\n/g, '\r\n')); // a CRLF checkout is not "modified"
    expect(runCli(['migrate', 'verify'], project).code).toBe(0);
    writeFileSync(file, original);
  });

  it('down 001 rolls back 002 and rewrites schemas/', () => {
    const r = runCli(['migrate', 'down', '001', '--json'], project);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.steps.map((s: { version: string; direction: string }) => `${s.version}:${s.direction}`)).toEqual(['002:down']);
    expect(report.current).toBe('001');
    expect(readFileSync(join(project, 'schemas', 'users.json'), 'utf8')).not.toContain('email_verified');
    const status = JSON.parse(runCli(['migrate', 'status', '--json'], project).stdout);
    expect(status.migrations[1]).toMatchObject({ version: '002', state: 'pending', applied_at: null });
  });

  it('explain --json is byte-identical across runs and is the engine document', () => {
    const query = '{"filter":{"status":"published"},"limit":20}';
    const a = runCli(['explain', 'posts', query, '--json'], project);
    const b = runCli(['explain', 'posts', query, '--json'], project);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const explain = JSON.parse(a.stdout);
    expect(a.stdout).toBe(`${JSON.stringify(explain, null, 2)}\n`);
    expect(Object.keys(explain).slice(0, 4)).toEqual(['accepted', 'collection', 'schema_version', 'planner_version']);
    expect(explain).toMatchObject({ accepted: true, collection: 'posts', index: 'status_idx' });

    const text = runCli(['explain', 'posts', query], project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('status_idx');
    expect(text.stdout).toBe(runCli(['explain', 'posts', query], project).stdout);
  });

  it('explain of a query the engine rejects prints the rejection and exits 1 (also with --json)', () => {
    const r = runCli(['explain', 'posts', '{"filter":{"title":"x"},"limit":5}'], project);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REJECTED AERO_QUERY_');
    const json = runCli(['explain', 'posts', '{"filter":{"title":"x"},"limit":5}', '--json'], project);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ accepted: false, rejection: { field: 'title' } });
  });

  it('explain --analyze adds the measured run', () => {
    const r = runCli(['explain', 'posts', '{"filter":{"status":"draft"},"limit":5}', '--analyze', '--json'], project);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).analyze).toMatchObject({ documents_scanned: 0, documents_returned: 0 });
    expect(runCli(['explain', 'posts', '{"filter":{"status":"draft"},"limit":5}', '--analyze'], project).stdout).toMatch(/analyze: 0 scanned, 0 returned, [\d.]+ ms/);
  });

  it('malformed query JSON exits 1 with AERO_QUERY_MALFORMED_JSON', () => {
    const r = runCli(['explain', 'posts', '{status:1}'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^AERO_QUERY_MALFORMED_JSON: the query argument is not valid JSON: .* at position 1 \(line 1, column 2\)/);
  });
});

describe('usage errors and exit codes', () => {
  it('unknown flag, missing argument and unknown command exit 2 with AERO_CONFIG_USAGE', () => {
    for (const args of [['migrate', 'status', '--nope'], ['migrate', 'down'], ['migrate', 'resolve', '002'], ['migrat'], ['init', '--template', 'fancy']]) {
      const r = runCli(args, tmp);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^AERO_CONFIG_USAGE: /);
    }
  });

  it('--json usage errors print the error document on stdout and still exit 2', () => {
    const r = runCli(['migrate', 'status', '--nope', '--json'], tmp);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('AERO_CONFIG_USAGE');
  });

  it('a command outside a project exits 1 with AERO_CONFIG_NOT_FOUND and its hint', () => {
    const empty = mkdtempSync(join(tmpdir(), 'aerodb-noproj-'));
    try {
      const r = runCli(['migrate', 'status'], empty);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^AERO_CONFIG_NOT_FOUND: No aerodb\.toml found in .*\nhint: .*aerodb init/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('an invalid aerodb.toml names file and key', () => {
    const dir = join(tmp, 'badconfig');
    mkdirSync(dir);
    writeFileSync(join(dir, 'aerodb.toml'), '[server]\nport = "x"\n');
    const r = runCli(['migrate', 'status'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AERO_CONFIG_INVALID: ');
    expect(r.stderr).toContain('aerodb.toml: `server.port` must be of type integer');
  });

  it('--help lists every command with an example, quickly enough to feel instant', () => {
    const r = runCli(['--help'], tmp);
    expect(r.code).toBe(0);
    for (const id of ['init', 'explain', 'migrate up', 'migrate down', 'migrate status', 'migrate verify', 'migrate new', 'migrate resolve']) {
      expect(r.stdout).toContain(`aerodb ${id}`);
    }
    expect(r.stdout).toContain('$ aerodb migrate up');
  });
});
