// The terminal around the dashboard: alternate screen in, everything back on quit and on a crash;
// resizes reach the layout; serve only draws on a TTY outside CI.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

// ink reads CI once, when it is first imported, and then draws no frame until unmount; these tests
// play a user's terminal, so CI (set by most CI runners) must be gone before the imports below run.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});
import { DashboardController } from '../../src/ui/dashboard-controller.js';
import { renderDashboard, type DashboardScreen } from '../../src/ui/render-dashboard.js';
import { canDrawDashboard, isCi } from '../../src/ui/terminal-mode.js';
import { EPOCH, ScriptedFeed, settle } from './ui-fixture.js';

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  written = '';
  write = (chunk: string) => {
    this.written += chunk;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const open: Array<{ screen: DashboardScreen; controller: DashboardController }> = [];
afterEach(() => {
  for (const o of open.splice(0)) {
    o.screen.close();
    o.controller.stop();
  }
});

function draw() {
  const stdout = new FakeTty();
  const stdin = new FakeStdin();
  const controller = new DashboardController(new ScriptedFeed(), { size: { columns: 100, rows: 30 }, epochNow: () => EPOCH, onQuit: () => undefined });
  const screen = renderDashboard(controller, { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: new FakeTty() as unknown as NodeJS.WriteStream });
  open.push({ screen, controller });
  return { stdout, stdin, controller, screen };
}

describe('terminal handling', () => {
  it('draws on the alternate screen and restores it, raw mode and the cursor on close', async () => {
    const { stdout, stdin, screen } = draw();
    await settle(20);
    expect(stdout.written.startsWith(ENTER_ALT)).toBe(true);
    expect(stdout.written).toContain('AeroDB');
    expect(stdin.rawModes).toContain(true);
    screen.close();
    expect(stdout.written.endsWith(`${SHOW_CURSOR}${LEAVE_ALT}`)).toBe(true);
    expect(stdin.rawModes.at(-1)).toBe(false);
    const length = stdout.written.length;
    screen.close();
    expect(stdout.written.length).toBe(length);
  });

  it('restores the terminal before a crash is reported (uncaughtExceptionMonitor), so the stack stays readable', async () => {
    const { stdout, stdin } = draw();
    await settle(20);
    process.emit('uncaughtExceptionMonitor', new Error('boom'), 'uncaughtException');
    expect(stdout.written.endsWith(`${SHOW_CURSOR}${LEAVE_ALT}`)).toBe(true);
    expect(stdin.rawModes.at(-1)).toBe(false);
  });

  it('follows a resize', async () => {
    const { stdout, controller } = draw();
    stdout.columns = 80;
    stdout.rows = 24;
    stdout.emit('resize');
    expect(controller.state.size).toEqual({ columns: 80, rows: 24 });
  });

  it('serve draws only with both ends a TTY and CI unset (the same rule as ink)', () => {
    const tty = { isTTY: true };
    expect(canDrawDashboard(tty, tty, {})).toBe(true);
    expect(canDrawDashboard({ isTTY: false }, tty, {})).toBe(false);
    expect(canDrawDashboard(tty, {}, {})).toBe(false);
    expect(canDrawDashboard(tty, tty, { CI: 'true' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CONTINUOUS_INTEGRATION: '1' })).toBe(true);
  });
});
