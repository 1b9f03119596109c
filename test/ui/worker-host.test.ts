// The dashboard of `aerodb serve` runs in a worker thread: the main thread forwards feed batches,
// keys and sizes, writes the bytes the worker draws, answers its requests, and restores the terminal.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startDashboardWorker, type DashboardWorker } from '../../src/ui/dashboard-worker-host.js';
import { ScriptedFeed, SERVER, settle, stats } from './ui-fixture.js';

class Tty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  written = '';
  rawModes: boolean[] = [];
  write = (chunk: string) => {
    this.written += chunk;
    return true;
  };
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
}

const open: DashboardWorker[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(25);
  }
}

describe('dashboard worker', () => {
  it('draws in a worker from the forwarded feed, takes keys from the terminal, answers requests and restores the terminal', async () => {
    const feed = new ScriptedFeed();
    const tty = new Tty();
    let quits = 0;
    const frames: number[] = [];
    const worker = startDashboardWorker(feed, { stdout: tty as unknown as NodeJS.WriteStream, stdin: tty as unknown as NodeJS.ReadStream, onQuit: () => quits++, onCrash: (e) => { throw e; }, onFrame: (ms) => frames.push(ms) });
    open.push(worker);
    expect(tty.rawModes).toEqual([true]);
    await until('the first frame', () => tty.written.includes('AeroDB'));
    feed.emit({ type: 'server', info: SERVER }, { type: 'stats', sample: { atMs: 0, stats: stats(), opsTotal: 0 } });
    await until('the server summary', () => tty.written.includes('http://127.0.0.1:7420'));
    // the worker asked for the migration status and the functions through the main thread
    await until('the initial requests', () => feed.calls.includes('status') && feed.calls.includes('functions'));
    tty.emit('data', '3');
    await until('the migrations view', () => tty.written.includes('current 002'));
    expect(frames.length).toBeGreaterThan(0);
    tty.emit('data', 'q');
    await until('quit', () => quits === 1);
    await worker.close();
    expect(tty.rawModes.at(-1)).toBe(false);
    expect(tty.written.endsWith('\u001b[?25h\u001b[?1049l')).toBe(true);
  });

  it('Ctrl-C quits even without the worker', async () => {
    const tty = new Tty();
    let quits = 0;
    const worker = startDashboardWorker(new ScriptedFeed(), { stdout: tty as unknown as NodeJS.WriteStream, stdin: tty as unknown as NodeJS.ReadStream, onQuit: () => quits++, onCrash: () => undefined });
    open.push(worker);
    tty.emit('data', '\u0003');
    expect(quits).toBeGreaterThanOrEqual(1);
  });
});
