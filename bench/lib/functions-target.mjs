// A server for bench/functions.mjs in its own process: `serve DIR` runs `aerodb serve` on the
// project (dist build, port 0), `bare BODY` a node:http server answering every request with BODY
// (the HTTP floor). Prints one JSON line {url, ...} when listening; SIGTERM stops it.
import http from 'node:http';

const [mode, arg] = process.argv.slice(2);
if (mode === 'bare') {
  const body = Buffer.from(arg);
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const { startServe } = await import('../../dist/services/serve/serve-project.js');
  const session = await startServe({ dir: arg, port: 0, version: 'bench', log: () => undefined, onWatchEvent: () => undefined });
  process.stdout.write(`${JSON.stringify({ url: session.url, anon: session.keys.anon, service: session.keys.service })}\n`);
  process.once('SIGTERM', () => void session.stop().then(() => process.exit(0)));
}
