// Lines being written are still visible through pending() until the write is done, and a line still
// being appended is never read half-written: a reader of file + pending() sees every line (replay
// found "no recorded invocation" when it looked between the two).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineAppender } from '../../../src/engine/functions/store/line-appender.js';
import { InvocationJournal, type InvocationRecord } from '../../../src/engine/functions/store/invocation-journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'aerodb-appender-'));
  dirs.push(dir);
  return dir;
};

function record(id: string): InvocationRecord {
  return {
    id, function: 'f', version: 1, sha256: 'x', trigger: 'cli', caller: { kind: 'service' }, started_at: '2026-11-28T00:00:00.000Z',
    now: 0, seed: 1, input: '{}', input_sha256: 'y', status: 'ok', error_code: null, output_sha256: null, duration_ms: 1,
    host_calls: [], host_calls_total: 0, counts: null,
  };
}

describe('LineAppender', () => {
  it('keeps lines visible while their write is in flight, and drops them from pending once written', async () => {
    const file = join(tempDir(), 'a.jsonl');
    const appender = new LineAppender(() => undefined);
    appender.append(file, 'one');
    const writing = appender.flush();
    appender.append(file, 'two');
    expect(appender.pending(file)).toEqual(['one', 'two']);
    await writing;
    expect(appender.pending(file)).toEqual(['two']);
    await appender.flush();
    expect(appender.pending(file)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
  });
});

describe('InvocationJournal.find', () => {
  it('finds a record whose write has started but not finished', async () => {
    const journal = new InvocationJournal(tempDir(), () => undefined);
    const id = journal.nextId();
    journal.append(record(id));
    const writing = journal.flush();
    expect(journal.find(id)?.id).toBe(id);
    await writing;
    expect(journal.find(id)?.id).toBe(id);
  });

  it('ignores a torn last line', async () => {
    const root = tempDir();
    const journal = new InvocationJournal(root, () => undefined);
    const id = journal.nextId();
    journal.append(record(id));
    await journal.flush();
    const [segment] = (await import('node:fs')).readdirSync(join(root, '_invocations'));
    const path = join(root, '_invocations', segment!);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"id":"inv_00000000000000ff","functi`);
    expect(journal.find(id)?.id).toBe(id);
    expect(journal.find('inv_00000000000000ff')).toBeNull();
  });
});
