import { Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../cli/base-command.js';

export default class Serve extends AeroCommand {
  static override summary = 'Run the local dev server: REST API, admin API and file watchers, in the foreground.';
  static override description = `Opens the project's data directory (one owner at a time) and serves the REST API (docs/rest-api.md) on --host:--port. Prints the URL and both API keys (creating .aerodb/keys.json when the project has none), and writes .aerodb/server.json (url, pid, admin token; mode 0600) so that \`aerodb migrate ...\` and \`aerodb explain\` run through this server while it is up. Watches migrations/ (a new file shows as pending; an edited applied file shows as modified, with the command that resolves it) and schemas/ (a hand edit shows as drift, field by field). Nothing is applied without a command. One log line per request. Ctrl-C (SIGINT) or SIGTERM stops accepting, lets in-flight requests finish, checkpoints, closes the database and removes server.json; a second Ctrl-C exits at once (the write-ahead log keeps every acknowledged write).`;
  static override examples = ['<%= config.bin %> serve', '<%= config.bin %> serve --port 8080', '<%= config.bin %> serve --port 0 --dir ./my-app --no-ui'];
  static override flags = {
    dir: dirFlag,
    port: Flags.integer({ description: 'TCP port (default: [server] port in aerodb.toml, 7420); 0 picks a free port and prints it', min: 0, max: 65535, helpValue: 'PORT' }),
    host: Flags.string({ description: 'interface to listen on (default: [server] host in aerodb.toml, 127.0.0.1)', helpValue: 'HOST' }),
    ui: Flags.boolean({
      description: 'On a terminal (stdin and stdout TTYs, CI unset) the server runs under the interactive dashboard (docs/dashboard.md); --no-ui prints plain log lines instead, as it always does when not on a terminal',
      allowNo: true,
      default: true,
    }),
  };

  async run() {
    const { flags } = await this.parse(Serve);
    const { canDrawDashboard } = await import('../ui/terminal-mode.js');
    if (flags.ui && canDrawDashboard(process.stdout, process.stdin, process.env)) return this.runWithDashboard(flags);
    return this.runWithLogLines(flags);
  }

  private async runWithLogLines(flags: ServeFlags) {
    const { startServe } = await import('../services/serve/serve-project.js');
    const { listenForShutdown } = await import('../services/serve/shutdown-signal.js');
    const { renderServeBanner, renderWatchEvent } = await import('../cli/serve-view.js');
    const log = (line: string) => process.stdout.write(`${clockTime()} ${line}\n`);
    // installed before the start, so a signal during it still shuts down cleanly
    const shutdown = listenForShutdown(forcedExit);
    try {
      const options: Parameters<typeof startServe>[0] = {
        version: this.config.version,
        log,
        onWatchEvent: (event) => {
          for (const line of renderWatchEvent(event)) log(`watch ${line}`);
        },
        onReady: (ready) => this.say(renderServeBanner(ready).join('\n')),
      };
      const session = await startServe(withServeFlags(options, flags));
      const signal = await shutdown.received;
      log(`${signal}: stopping (no new connections; finishing requests in flight, then checkpoint)`);
      await session.stop();
      log('stopped: database closed, server.json removed');
    } finally {
      shutdown.dispose();
    }
  }

  /** The same server, drawn as the dashboard; its log lines go to the dashboard until it closes. */
  private async runWithDashboard(flags: ServeFlags) {
    const { startServe } = await import('../services/serve/serve-project.js');
    const { listenForShutdown } = await import('../services/serve/shutdown-signal.js');
    const { createServeDashboard } = await import('../services/dashboard/serve-dashboard.js');
    const { renderWatchEvent } = await import('../cli/serve-view.js');
    const log = (line: string) => process.stdout.write(`${clockTime()} ${line}\n`);
    const shutdown = listenForShutdown(forcedExit);
    const dashboard = createServeDashboard({ stdout: process.stdout, stdin: process.stdin });
    // where the server's lines go: the dashboard, or plain lines again should it fail
    let plain = false;
    try {
      const options: Parameters<typeof startServe>[0] = {
        version: this.config.version,
        log: (line) => (plain ? log(line) : dashboard.log(line)),
        onWatchEvent: (event) => {
          if (!plain) dashboard.feed.watchEvent(event);
          else for (const line of renderWatchEvent(event)) log(`watch ${line}`);
        },
        onWatchError: (message) => (plain ? log(`watch: ${message}`) : dashboard.feed.watchError(message)),
      };
      const session = await startServe(withServeFlags(options, flags));
      dashboard.show(session, this.config.version);
      let reason = await Promise.race([shutdown.received, dashboard.quit.then(() => 'quit' as const), dashboard.crashed]);
      if (reason instanceof Error) {
        plain = true;
        await dashboard.close();
        process.stderr.write(`the dashboard failed (${reason.message}); the server keeps running at ${session.url} with plain log lines. Ctrl-C stops it.\n`);
        reason = await shutdown.received;
      }
      await dashboard.close();
      log(`${reason === 'quit' ? 'dashboard closed' : reason}: stopping (no new connections; finishing requests in flight, then checkpoint)`);
      await session.stop();
      log('stopped: database closed, server.json removed');
    } finally {
      await dashboard.close();
      shutdown.dispose();
    }
  }
}

type ServeFlags = { dir?: string | undefined; port?: number | undefined; host?: string | undefined };

function withServeFlags<T extends { dir?: string; port?: number; host?: string }>(options: T, flags: ServeFlags): T {
  if (flags.dir !== undefined) options.dir = flags.dir;
  if (flags.port !== undefined) options.port = flags.port;
  if (flags.host !== undefined) options.host = flags.host;
  return options;
}

function forcedExit(signal: NodeJS.Signals): never {
  process.stderr.write(`${signal} again: exiting without a checkpoint (the write-ahead log keeps every acknowledged write)\n`);
  process.exit(130);
}

/** HH:MM:SS.mmm local time: log lines only, never a decision. */
function clockTime(): string {
  const now = new Date();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
}
