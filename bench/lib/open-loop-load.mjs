// An open-loop HTTP load generator that costs little CPU (the machine is shared with the server it
// measures): requests are pre-formatted bytes written to keep-alive TCP connections on a 1 ms tick,
// as many as are due at `rate` per second whatever the answers; responses are parsed only for
// their status line and Content-Length. Latency is from writing a request to reading its whole
// response (HTTP/1.1 answers in order per connection).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * @param {{ host: string, port: number, rate: number, seconds: number, connections?: number, request: (n: number) => Buffer }} options
 * @returns {Promise<{ latencies: Float64Array, answered: number, errors: number, sent: number, statuses: Record<string, number> }>}
 */
export async function openLoopLoad({ host, port, rate, seconds, connections = 32, request }) {
  const sockets = await Promise.all(Array.from({ length: connections }, () => connect(host, port)));
  const latencies = new Float64Array(Math.ceil(rate * seconds * 1.1) + 16);
  let answered = 0;
  let errors = 0;
  let sent = 0;
  const statuses = {};
  const conns = sockets.map((socket) => {
    const conn = { socket, pending: [], buffer: Buffer.alloc(0) };
    socket.on('data', (chunk) => {
      conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
      for (;;) {
        const end = conn.buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = conn.buffer.toString('latin1', 0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (conn.buffer.length < end + 4 + length) return;
        conn.buffer = conn.buffer.subarray(end + 4 + length);
        const status = head.slice(9, 12);
        statuses[status] = (statuses[status] ?? 0) + 1;
        const t0 = conn.pending.shift();
        if (status.startsWith('2')) latencies[answered++] = performance.now() - t0;
        else errors++;
      }
    });
    socket.on('error', () => errors++);
    return conn;
  });
  await new Promise((resolve) => {
    const start = performance.now();
    let next = 0;
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor((elapsed / 1000) * rate) - sent;
      for (let i = 0; i < due; i++) {
        const conn = conns[next++ % conns.length];
        conn.pending.push(performance.now());
        conn.socket.write(request(sent++));
      }
    }, 1);
  });
  // the answers still in flight (at most a few seconds' worth)
  const deadline = performance.now() + 10_000;
  while (conns.some((c) => c.pending.length > 0) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const c of conns) {
    errors += c.pending.length;
    c.socket.destroy();
  }
  return { latencies: latencies.subarray(0, answered), answered, errors, sent, statuses };
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}
