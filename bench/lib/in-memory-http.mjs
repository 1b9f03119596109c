// Drives an http.Server in this process without sockets: each client is an in-memory Duplex handed
// to the server as a connection, so a request goes through node's real HTTP parser, the server's
// handler and node's response writer, and nothing else (no syscalls, no load generator). What is
// left is the server's own CPU per request, steady enough to compare changes of a few µs.
import { Duplex } from 'node:stream';

class MemorySocket extends Duplex {
  constructor(onData) {
    super();
    this.onData = onData;
    this.remoteAddress = '127.0.0.1';
    this.remotePort = 0;
  }

  _read() {}

  _write(chunk, _encoding, callback) {
    this.onData(chunk);
    callback();
  }

  _writev(chunks, callback) {
    for (const { chunk } of chunks) this.onData(chunk);
    callback();
  }

  // what node's HTTP server calls on a net.Socket
  setTimeout() {
    return this;
  }

  setNoDelay() {
    return this;
  }

  setKeepAlive() {
    return this;
  }
}

/** A keep-alive client of `server`: send(raw request text) resolves with the whole response text. */
export function memoryClient(server) {
  let waiting = null;
  let received = '';
  const socket = new MemorySocket((chunk) => {
    received += chunk.toString('latin1');
    const end = received.indexOf('\r\n\r\n');
    if (end < 0 || waiting === null) return;
    const length = /\r\ncontent-length: (\d+)/i.exec(received.slice(0, end));
    if (length === null) throw new Error(`response without Content-Length: ${received.slice(0, end)}`);
    if (received.length < end + 4 + Number(length[1])) return;
    const response = received;
    const resolve = waiting;
    received = '';
    waiting = null;
    resolve(response);
  });
  server.emit('connection', socket);
  return (raw) =>
    new Promise((resolve) => {
      waiting = resolve;
      socket.push(raw);
    });
}

/** The text of one HTTP/1.1 request. */
export function rawRequest(method, path, headers, body) {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: localhost', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}
