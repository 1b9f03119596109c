import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/engine/database-types.js';
import { oplogSeq } from '../../../src/engine/oplog/oplog-entry.js';
import type { OplogOptions } from '../../../src/engine/oplog/oplog-options.js';
import { TempDirs } from '../database/temp-dirs.js';
import { fileEntries, openWithOplog, SteppingClock, USERS } from './oplog-fixture.js';

const temp = new TempDirs();
const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  temp.removeAll();
});

async function openAt(dir: string, options: OplogOptions = {}, warnings: string[] = []): Promise<Database> {
  const db = await openWithOplog(dir, { clock: new SteppingClock(1), ...options }, { onWarning: (w) => warnings.push(w) });
  open.push(db);
  return db;
}

async function close(db: Database): Promise<void> {
  open.splice(open.indexOf(db), 1);
  await db.close();
}

function segmentNames(dir: string): string[] {
  return readdirSync(join(dir, 'oplog')).sort();
}

describe('operation log files', () => {
  it('writes entries within the flush interval, off the request path', async () => {
    const dir = temp.make('aerodb-oplog-');
    const db = await openAt(dir, { flushIntervalMs: 20 });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    await db.insert('users', { _id: 'u1', name: 'A' });
    // nothing is written synchronously by the operation itself
    expect(() => fileEntries(dir)).toThrow();
    // the timer writes the batch without anyone asking
    for (let waited = 0; waited < 5000 && !existsSync(join(dir, 'oplog')); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let waited = 0; waited < 5000 && fileEntries(dir).length < 2; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fileEntries(dir).map((e) => e.operation)).toEqual(['migration', 'insert']);
  });

  it('recovers retained entries at start-up: queryable again, ids continue', async () => {
    const dir = temp.make('aerodb-oplog-');
    const first = await openAt(dir, { fsync: true });
    await first.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    for (let i = 0; i < 10; i++) await first.insert('users', { _id: `u${i}`, name: 'x' });
    const before = first.oplog!.recent(100).map((e) => JSON.parse(e.line) as { _id: string });
    await close(first);

    const second = await openAt(dir);
    const recovered = second.oplog!.recent(100).map((e) => JSON.parse(e.line) as { _id: string });
    expect(recovered).toEqual(before);
    const page = await second.find('_system.operation_log', { filter: { operation: 'insert' }, limit: 100 });
    expect(page.data).toHaveLength(10);
    await second.get('users', 'u3');
    const last = second.oplog!.recent(1)[0]!;
    expect(last.seq).toBeGreaterThan(oplogSeq(before[before.length - 1]!._id)!);
    expect(last.operation).toBe('get');
  });

  it('rotates segments by size and keeps retention_entries entries (files and memory)', async () => {
    const dir = temp.make('aerodb-oplog-');
    const db = await openAt(dir, { retentionEntries: 50, segmentBytes: 1024 });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    for (let i = 0; i < 200; i++) {
      await db.insert('users', { _id: `u${String(i).padStart(3, '0')}`, name: 'x' });
      if (i % 20 === 19) await db.oplog!.flush();
    }
    await db.oplog!.flush();
    expect(db.oplog!.stats().entries).toBe(50);
    const retained = db.oplog!.recent(1000);
    expect(retained).toHaveLength(50);
    expect(JSON.parse(retained[0]!.line).affected_ids).toEqual(['u150']);
    const onDisk = fileEntries(dir);
    // whole segments are deleted: at least the retention, at most one segment more
    expect(onDisk.length).toBeGreaterThanOrEqual(50);
    const newestSegment = segmentNames(dir).at(-1)!;
    const perSegment = readFileSync(join(dir, 'oplog', newestSegment), 'utf8').split('\n').length + 25;
    expect(onDisk.length).toBeLessThan(50 + perSegment);
    expect(onDisk.at(-1)).toEqual(JSON.parse(retained.at(-1)!.line));
    expect(segmentNames(dir).length).toBeGreaterThan(1);
    // after a restart only the retention is loaded, and segments beyond it are gone
    await close(db);
    const again = await openAt(dir, { retentionEntries: 20, segmentBytes: 1024 });
    expect(again.oplog!.stats().entries).toBe(20);
    expect(JSON.parse(again.oplog!.recent(1)[0]!.line).affected_ids).toEqual(['u199']);
  });

  it('drops entries older than retention_hours', async () => {
    const dir = temp.make('aerodb-oplog-');
    const clock = new SteppingClock(1);
    const db = await openAt(dir, { retentionHours: 1, segmentBytes: 1024, clock });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    for (let i = 0; i < 30; i++) await db.insert('users', { _id: `old${i}`, name: 'x' });
    await db.oplog!.flush();
    const oldSegments = segmentNames(dir);
    clock.t += 2 * 3_600_000;
    for (let i = 0; i < 30; i++) await db.insert('users', { _id: `new${i}`, name: 'x' });
    await db.oplog!.flush();
    const retained = db.oplog!.recent(1000).map((e) => JSON.parse(e.line).affected_ids?.[0]);
    expect(retained).toEqual(Array.from({ length: 30 }, (_, i) => `new${i}`));
    // every segment holding only old entries is deleted
    expect(segmentNames(dir).filter((name) => oldSegments.includes(name)).length).toBeLessThanOrEqual(1);
    expect(fileEntries(dir).filter((e) => e.affected_ids?.[0]?.startsWith('old')).length).toBeLessThan(30);
  });

  it('skips a corrupted segment with a warning naming it; the data is not affected', async () => {
    const dir = temp.make('aerodb-oplog-');
    const db = await openAt(dir, { segmentBytes: 1024 });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    for (let i = 0; i < 60; i++) {
      await db.insert('users', { _id: `u${String(i).padStart(2, '0')}`, name: 'x' });
      if (i % 10 === 9) await db.oplog!.flush();
    }
    await close(db);
    const names = segmentNames(dir);
    expect(names.length).toBeGreaterThan(2);
    const victim = names[1]!;
    const path = join(dir, 'oplog', victim);
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"status":"ok"', text.indexOf('\n') + 1);
    writeFileSync(path, `${text.slice(0, at)}"status":ok"${text.slice(at + 13)}`); // line 2 is not JSON any more
    const lost = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;

    const warnings: string[] = [];
    const reopened = await openAt(dir, { segmentBytes: 1024 }, warnings);
    expect(warnings).toEqual([expect.stringContaining(`oplog/${victim} is damaged at line 2 (not valid JSON)`)]);
    expect(warnings[0]).toContain('skipped');
    expect(reopened.oplog!.stats().entries).toBe(61 - lost);
    const users = await reopened.find('users', { limit: 100 });
    expect(users.data).toHaveLength(60);
  });

  it('cuts an incomplete last line (a batch torn by a crash) with a warning and keeps the rest', async () => {
    const dir = temp.make('aerodb-oplog-');
    const db = await openAt(dir);
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    await db.insert('users', { _id: 'u1', name: 'x' });
    await close(db);
    const name = segmentNames(dir).at(-1)!;
    const path = join(dir, 'oplog', name);
    const size = statSync(path).size;
    appendFileSync(path, '{"_id":"op_00000000000000ff","timest');
    const warnings: string[] = [];
    const reopened = await openAt(dir, {}, warnings);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`oplog/${name} ends with an incomplete line .*cut off`))]);
    expect(statSync(path).size).toBe(size);
    expect(reopened.oplog!.stats().entries).toBe(2);
  });

  it('a database without the oplog option has no operation log', async () => {
    const { openDatabase } = await import('../../../src/engine/database.js');
    const dir = temp.make('aerodb-oplog-');
    const db = await openDatabase({ dir, fsync: false });
    open.push(db);
    expect(db.oplog).toBeNull();
    expect(db.withContext({ caller: { kind: 'service' }, source: 'rest' })).toBe(db);
    await expect(db.find('_system.operation_log', { limit: 1 })).rejects.toMatchObject({ code: 'AERO_SCHEMA_UNKNOWN_COLLECTION' });
    expect(readdirSync(dir)).not.toContain('oplog');
  });
});
