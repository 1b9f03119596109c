// One `aerodb serve` for bench/dashboard.mjs, in its own process: `plain` logs every request like
// --no-ui does (to stdout, which the bench points at /dev/null), `ui` runs the dashboard in this
// process (drawn by its worker thread) on a 100x30 pseudo terminal whose output goes to /dev/null,
// showing the live oplog view.
// Talks to the bench over IPC: ready {url, key}; 'reset' starts a measurement window; 'report'
// answers with the frame times, event-loop delay and CPU of the window; 'stop' shuts down.
//
//   node bench/lib/dashboard-target.mjs <project dir> plain|ui|feed   (feed: diagnostics, the feed without drawing)
import { EventEmitter } from 'node:events';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const [dir, mode] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const { startServe } = await import(new URL('services/serve/serve-project.js', dist).href);

/** A terminal of 100x30 whose bytes go to /dev/null (synchronously, as a TTY write is). */
class NullTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  bytes = 0;
  fd = openSync('/dev/null', 'w');
  write = (chunk) => {
    this.bytes += writeSync(this.fd, chunk);
    return true;
  };
  close() {
    closeSync(this.fd);
  }
}

/** Keys typed by the bench, as a raw-mode TTY delivers them. */
class ScriptedStdin extends EventEmitter {
  isTTY = true;
  setRawMode() {
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  type(keys) {
    this.emit('data', keys);
  }
}

/** CPU ms of this process's main thread (the server's event loop) alone, from /proc (Linux; null elsewhere). */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

let frames = [];
let renders = [];
const tty = new NullTty();
const stdin = new ScriptedStdin();
let dashboard = null;
let log;
if (mode === 'ui') {
  const { createServeDashboard } = await import(new URL('services/dashboard/serve-dashboard.js', dist).href);
  dashboard = createServeDashboard({ stdout: tty, stdin, onFrame: (ms) => frames.push(ms), onRender: (ms) => renders.push(ms) });
  log = (line) => dashboard.log(line);
} else if (mode === 'feed') {
  // diagnostics: the in-process feed attached and drained, nothing drawn (no worker)
  const { InProcessFeed } = await import(new URL('services/dashboard/in-process-feed.js', dist).href);
  const feed = new InProcessFeed();
  feed.subscribe(() => undefined);
  log = (line) => feed.log(line);
  dashboard = { feed, show: (session) => feed.attach({ db: session.db, migrations: session.migrations, info: { url: session.url, version: 'bench', pid: process.pid, started_at: '', keys: null, mode: 'serve' } }), close: () => feed.close() };
} else {
  // what --no-ui does: one time-stamped line per request on stdout
  log = (line) => process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
}

const session = await startServe({ dir, port: 0, version: 'bench', log, onWatchEvent: () => undefined });
if (dashboard) {
  dashboard.show(session, 'bench');
  // the oplog view: a live table redrawn every frame while the load runs
  if (mode === 'ui') setTimeout(() => stdin.type(process.env.BENCH_VIEW_KEY ?? '4'), 200);
}
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let cpuStart = process.cpuUsage();
let wallStart = performance.now();
let eluStart = performance.eventLoopUtilization();
let mainCpuStart = mainThreadCpuMs();

process.on('message', async (message) => {
  if (message === 'reset') {
    frames = [];
    renders = [];
    delay.reset();
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    eluStart = performance.eventLoopUtilization();
    mainCpuStart = mainThreadCpuMs();
    process.send({ reset: true });
  } else if (message === 'report') {
    const cpu = process.cpuUsage(cpuStart);
    process.send({
      frames,
      renders,
      loop_delay_p99_ms: delay.percentile(99) / 1e6,
      loop_delay_max_ms: delay.max / 1e6,
      cpu_share: (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart),
      // how busy the server's own thread was (the dashboard draws in a worker thread)
      main_thread_utilization: performance.eventLoopUtilization(eluStart).utilization,
      // CPU time, unlike wall-clock figures, barely depends on what else the machine runs
      main_thread_cpu_ms: mainCpuStart === null ? null : mainThreadCpuMs() - mainCpuStart,
      process_cpu_ms: (cpu.user + cpu.system) / 1000,
      bytes_to_terminal: tty.bytes,
    });
  } else if (message === 'stop') {
    await dashboard?.close();
    await session.stop();
    tty.close();
    process.exit(0);
  }
});
process.send({ url: session.url, key: session.keys.service });
