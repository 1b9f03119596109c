import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, open } from './storage-fixture.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const storageModule = fileURLToPath(new URL('../../../src/engine/storage/storage.ts', import.meta.url));

/** A pid that certainly does not run any more: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('LOCK', () => {
  it('a second open in the same process fails with AERO_STORAGE_LOCKED naming this pid', async () => {
    const first = await open(dir);
    const error = await open(dir).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AERO_STORAGE_LOCKED', details: { pid: process.pid, same_process: true } });
    expect((error as Error).message).toContain(String(process.pid));
    // the failed open must not have released the holder's lock
    expect(JSON.parse(readFileSync(join(dir, 'LOCK'), 'utf8'))).toEqual({ pid: process.pid });
    await first.storage.close();
    const again = await open(dir);
    await again.storage.close();
  });

  it('an open from another process fails with AERO_STORAGE_LOCKED naming the holder pid', async () => {
    const first = await open(dir);
    const script = `
      import { openStorage } from ${JSON.stringify(storageModule)};
      try {
        await openStorage({ dir: ${JSON.stringify(dir)}, fsync: false, segmentBytes: 65536, onWarning: () => {} });
        console.log(JSON.stringify({ opened: true }));
      } catch (error) {
        console.log(JSON.stringify({ code: error.code, message: error.message, details: error.details }));
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const result = JSON.parse(stdout.trim()) as { code: string; message: string; details: { pid: number } };
    expect(result.code).toBe('AERO_STORAGE_LOCKED');
    expect(result.details.pid).toBe(process.pid);
    expect(result.message).toContain(String(process.pid));
    await first.storage.close();
  });

  it('takes over a stale lock whose process is gone, with a warning', async () => {
    const first = await open(dir);
    await first.storage.close();
    const stalePid = deadPid();
    writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: stalePid }));

    const second = await open(dir);
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toContain(String(stalePid));
    expect(JSON.parse(readFileSync(join(dir, 'LOCK'), 'utf8'))).toEqual({ pid: process.pid });
    await second.storage.close();
    expect(readdirSync(dir)).not.toContain('LOCK');
  });

  it('takes over an empty LOCK left by a crash while it was being created', async () => {
    const first = await open(dir);
    await first.storage.close();
    writeFileSync(join(dir, 'LOCK'), '');
    const second = await open(dir);
    expect(second.warnings[0]).toContain('does not name a process');
    await second.storage.close();
  });
});
