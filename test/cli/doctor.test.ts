// `aerodb doctor` end to end: the real CLI over a project whose WAL the test damages on purpose.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/database.js';
import { RECORD_HEADER_BYTES } from '../../src/engine/storage/record-format.js';
import { runCli } from '../e2e/run-cli.js';

let root: string;
let app: string;
let dataDir: string;
let segment: string;

/** Byte offsets of the records in a segment (walks the length fields). */
function recordOffsets(path: string): number[] {
  const buffer = readFileSync(path);
  const offsets: number[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= buffer.length && buffer.readUInt32LE(offset) !== 0) {
    offsets.push(offset);
    offset += RECORD_HEADER_BYTES + buffer.readUInt32LE(offset);
  }
  return offsets;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aerodb-doctor-'));
  expect(runCli(['init', 'app'], root).code).toBe(0);
  app = join(root, 'app');
  dataDir = join(app, '.aerodb');
  const db = await openDatabase({ dir: dataDir });
  const first = db.lsn;
  await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'notes', fields: { _id: { type: 'string', required: true }, n: { type: 'int' } } } }]);
  for (let n = 1; n <= 10; n++) await db.insert('notes', { _id: `note-${n}`, n });
  expect(db.lsn).toBe(first + 11);
  await db.close();
  const walDir = join(dataDir, 'wal');
  segment = join(walDir, readdirSync(walDir).filter((name) => name.endsWith('.log')).sort()[0]!);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('aerodb doctor', () => {
  it('verifies a healthy data directory (exit 0), as text and as JSON', () => {
    const text = runCli(['doctor'], app);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('No problems: every checksum verified.');
    const json = runCli(['doctor', '--json'], app);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { report: { ok: boolean; wal: { last_valid_lsn: number }; problems: unknown[] } };
    expect(result.report.ok).toBe(true);
    expect(result.report.problems).toEqual([]);
    expect(result.report.wal.last_valid_lsn).toBeGreaterThanOrEqual(12);
  });

  it('reports a damaged record with its offset, LSN and the truncation that keeps what precedes it; repairs only when told', async () => {
    const offsets = recordOffsets(segment);
    const lastLsn = offsets.length; // one segment: record i holds LSN i + 1
    const damagedLsn = lastLsn - 3;
    const buffer = readFileSync(segment);
    buffer[offsets[damagedLsn - 1]! + RECORD_HEADER_BYTES + 2]! ^= 0xff;
    writeFileSync(segment, buffer);

    const report = runCli(['doctor'], app);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain(`byte offset ${offsets[damagedLsn - 1]}`);
    expect(report.stdout).toContain(`expected LSN ${damagedLsn}`);
    expect(report.stdout).toContain(`aerodb doctor --repair --truncate-at ${damagedLsn - 1}`);
    // the engine refuses to open, and its hint names the same command
    await expect(openDatabase({ dir: dataDir })).rejects.toMatchObject({ code: 'AERO_WAL_CORRUPTION', hint: expect.stringContaining(`--truncate-at ${damagedLsn - 1}`) });

    // bad usage and refused repairs change nothing
    expect(runCli(['doctor', '--repair'], app).code).toBe(2);
    expect(runCli(['doctor', '--truncate-at', '3'], app).code).toBe(2);
    expect(runCli(['doctor', '--repair', '--truncate-at', 'abc'], app).code).toBe(2);
    const past = runCli(['doctor', '--repair', '--truncate-at', String(damagedLsn)], app);
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('AERO_STORAGE_REPAIR_REFUSED');
    expect(readFileSync(segment).equals(buffer)).toBe(true);
    expect(existsSync(join(dataDir, 'doctor'))).toBe(false);

    const repaired = runCli(['doctor', '--repair', '--truncate-at', String(damagedLsn - 1)], app);
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain(`kept WAL LSNs up to ${damagedLsn - 1}`);
    expect(repaired.stdout).toContain('No problems: every checksum verified.');
    const [folder] = readdirSync(join(dataDir, 'doctor'));
    const log = JSON.parse(readFileSync(join(dataDir, 'doctor', folder!, 'repair.json'), 'utf8')) as { kept_through_lsn: number; cut: { offset: number; saved_as: string } };
    expect(log.kept_through_lsn).toBe(damagedLsn - 1);
    expect(log.cut.offset).toBe(offsets[damagedLsn - 1]);
    // the whole original segment is kept aside, damage included
    expect(readFileSync(join(dataDir, log.cut.saved_as)).equals(buffer)).toBe(true);

    const db = await openDatabase({ dir: dataDir });
    try {
      expect(db.lsn).toBe(damagedLsn - 1);
      const kept = await db.find('notes', { filter: {}, limit: 100 });
      // LSNs after the create_collection: note-1 .. note-(kept count)
      expect(kept.data.map((d) => d._id)).toEqual(Array.from({ length: kept.data.length }, (_, i) => `note-${i + 1}`).sort());
      expect(kept.data.length).toBe(10 - (lastLsn - damagedLsn + 1));
    } finally {
      await db.close();
    }
  }, 120_000);

  it('refuses to repair a directory another process holds', async () => {
    const db = await openDatabase({ dir: dataDir });
    try {
      const refused = runCli(['doctor', '--repair', '--truncate-at', String(db.lsn)], app);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('AERO_STORAGE_LOCKED');
      // reading is fine while it runs
      expect(runCli(['doctor'], app).code).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('verifies checkpoints and reports a damaged newest one (exit 1)', async () => {
    expect(runCli(['init', 'withcheckpoint'], root).code).toBe(0);
    const project = join(root, 'withcheckpoint');
    const dir = join(project, '.aerodb');
    const db = await openDatabase({ dir });
    await db.applySchemaOps([{ op: 'create_collection', schema: { collection: 'notes', fields: { _id: { type: 'string', required: true }, n: { type: 'int' } } } }]);
    await db.insert('notes', Array.from({ length: 20 }, (_, n) => ({ _id: `note-${n}`, n })));
    await db.checkpoint();
    await db.close();
    const healthy = runCli(['doctor'], project);
    expect(healthy.code, healthy.stdout).toBe(0);
    // 20 notes plus the _system collections (schemas, migrations)
    expect(healthy.stdout).toMatch(/checkpoint {3}checkpoints\/\S+\.ckpt {2}LSN \d+ {2}ok {2}(2\d) documents/);

    const [name] = readdirSync(join(dir, 'checkpoints')).filter((f) => f.endsWith('.ckpt'));
    const path = join(dir, 'checkpoints', name!);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(path, bytes);
    const damaged = runCli(['doctor', '--json'], project);
    expect(damaged.code).toBe(1);
    const result = JSON.parse(damaged.stdout) as { report: { checkpoints: Array<{ status: string }>; problems: Array<{ area: string; severity: string; file: string }> } };
    expect(result.report.checkpoints.at(-1)!.status).toBe('corrupt');
    expect(result.report.problems).toContainEqual(expect.objectContaining({ area: 'checkpoint', severity: 'error', file: `checkpoints/${name}` }));
  }, 60_000);
});
