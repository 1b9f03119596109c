import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, open } from './storage-fixture.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const storageModule = fileURLToPath(new URL('../../../src/engine/storage/storage.ts', import.meta.url));

describe('kill -9 while writing', () => {
  it('every acknowledged unit survives, LSNs stay contiguous, and the stale LOCK is taken over', async () => {
    // The child writes with 16 concurrent writers, checkpoints midway, and prints each LSN once durable.
    const script = `
      import { openStorage } from ${JSON.stringify(storageModule)};
      const { storage } = await openStorage({ dir: ${JSON.stringify(dir)}, fsync: true, segmentBytes: 16384, onWarning: () => {} });
      let n = 0;
      const writer = async () => {
        for (;;) {
          const k = ++n;
          const lsn = storage.append({ ops: [{ o: 'put', c: 'c', d: { _id: 'd' + k, k, pad: 'p'.repeat(k % 200) } }] });
          await storage.waitDurable(lsn);
          process.stdout.write(lsn + '\\n');
          if (k === 300) storage.writeCheckpoint({ lsn: storage.lastLsn, collections: [] }).catch(() => {});
        }
      };
      for (let i = 0; i < 16; i++) writer();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) acked.push(Number(line));
        if (acked.length >= 1500 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));

    const reopened = await open(dir, { segmentBytes: 16384 });
    expect(reopened.warnings.some((warning) => warning.includes(`process ${child.pid}`))).toBe(true);
    const recovered = new Set<number>(reopened.tail.map((entry) => entry.lsn));
    const checkpointLsn = reopened.checkpoint?.lsn ?? 0;
    for (const lsn of acked) expect(lsn <= checkpointLsn || recovered.has(lsn), `acknowledged LSN ${lsn}`).toBe(true);
    const lsns = reopened.tail.map((entry) => entry.lsn);
    expect(lsns[0]).toBe(checkpointLsn + 1);
    lsns.forEach((lsn, index) => expect(lsn).toBe(checkpointLsn + 1 + index));
    expect(reopened.storage.lastLsn).toBeGreaterThanOrEqual(Math.max(...acked));
    await reopened.storage.close();
  });
});
