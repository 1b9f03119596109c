// A server under load in its own process (bench/lib/http-target.mjs), so the load generator here
// does not share its event loop; and one autocannon run against it, with the server's CPU time per
// request (process.cpuUsage over IPC: robust to load from elsewhere on the machine, unlike req/s).
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { spawnReadyChild } from './ready-child.mjs';

/**
 * Starts http-target.mjs with `args` (pinned to CPU `options.cpu` when given); resolves with its
 * ready line ({ url, key? }), cpu() and stop().
 */
export async function startTarget(args, { cpu: pinnedCpu = null } = {}) {
  const { child, ready } = spawnReadyChild(new URL('./http-target.mjs', import.meta.url), args, { ipc: true, cpu: pinnedCpu });
  const cpu = () => new Promise((done) => (child.once('message', done), child.send('cpu')));
  return { ...(await ready), cpu };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * One autocannon run of `scenario` ({ method, headers, next(i) -> { path, body? } }) against
 * `target` for `durationSeconds` (or, when that is null, for `amount` requests) with `connections`
 * connections.
 */
export async function loadTarget(target, scenario, durationSeconds, connections, amount) {
  const cpuBefore = await target.cpu();
  let i = 0;
  const latencies = [];
  const instance = autocannon({
    url: target.url,
    connections,
    ...(durationSeconds === null ? { amount } : { duration: durationSeconds }),
    requests: [{ method: scenario.method, headers: scenario.headers, setupRequest: (req) => ({ ...req, ...scenario.next(i++) }) }],
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  const cpuAfter = await target.cpu();
  latencies.sort((a, b) => a - b);
  const cpuMicros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  return {
    req_per_s: result.requests.total / (durationSeconds ?? result.duration),
    server_cpu_us_per_req: result.requests.total > 0 ? cpuMicros / result.requests.total : null,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    requests: result.requests.total,
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Pins this process (every thread) and its load generator to one CPU, where the server under test
 * will be pinned too, and returns a function that undoes it; null where taskset is missing. On one
 * CPU the server's CPU per request no longer includes waking a load generator idle on another CPU
 * (costly on a VM, and more frequent the slower the server), which made runs of the same server
 * differ by 10-25%.
 */
export function pinToOneCpu(cpu = 0) {
  const set = (list) => execFileSync('taskset', ['-a', '-p', '-c', list, String(process.pid)], { stdio: 'ignore' });
  let previous;
  try {
    previous = execFileSync('taskset', ['-p', '-c', String(process.pid)], { encoding: 'utf8' }).split(':').pop().trim();
    set(String(cpu));
  } catch {
    return null;
  }
  return () => set(previous);
}
