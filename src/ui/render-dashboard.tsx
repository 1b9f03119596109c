/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// Draws the dashboard on a terminal: the alternate screen (the shell's screen comes back untouched),
// raw keys, resizes; and puts the terminal back on quit, on a signal and on a crash.
import { render } from 'ink';
import { DashboardApp } from './views/dashboard-app.js';
import type { DashboardController } from './dashboard-controller.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface DashboardScreen {
  /** unmounts and restores the terminal (idempotent) */
  close(): void;
}

export interface RenderDashboardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  /** the most frames per second ink draws (the controller already batches feed events) */
  maxFps?: number;
  onRender?: (renderMs: number) => void;
}

export function renderDashboard(controller: DashboardController, options: RenderDashboardOptions): DashboardScreen {
  const { stdout, stdin } = options;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    process.off('uncaughtExceptionMonitor', restore);
    stdout.off('resize', onResize);
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // the terminal is gone: nothing to restore
    }
    // synchronous on a TTY, so it lands even from an exit handler
    stdout.write(`${SHOW_CURSOR}${LEAVE_ALT_SCREEN}`);
  };
  const onResize = () => controller.resize({ columns: stdout.columns, rows: stdout.rows });
  // a crash prints its stack after this runs: on the normal screen, where it stays readable
  process.on('uncaughtExceptionMonitor', restore);
  process.on('exit', restore);
  stdout.write(ENTER_ALT_SCREEN);
  stdout.on('resize', onResize);
  controller.resize({ columns: stdout.columns, rows: stdout.rows });
  const instance = render(<DashboardApp controller={controller} />, {
    stdout,
    stdin,
    stderr: options.stderr,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: options.maxFps ?? 30,
    ...(options.onRender ? { onRender: ({ renderTime }: { renderTime: number }) => options.onRender!(renderTime) } : {}),
  });
  let unmounted = false;
  return {
    close() {
      if (!unmounted) {
        unmounted = true;
        instance.unmount();
        instance.cleanup();
      }
      restore();
    },
  };
}
