// Graceful close: stop accepting, let in-flight requests finish (their connections close after
// the response), close idle keep-alive connections, and cut whatever is left after a timeout.
import type http from 'node:http';

export class Drainer {
  private readonly inFlight = new Set<http.ServerResponse>();
  private server: http.Server | null = null;
  private closing: Promise<void> | null = null;
  /** one 'close' listener for every response (no closure per request) */
  private readonly onResponseClose = releaseOnClose(this);

  track(res: http.ServerResponse): void {
    if (this.closing) res.setHeader('Connection', 'close');
    this.inFlight.add(res);
    // a response emits 'close' once
    res.on('close', this.onResponseClose);
  }

  release(res: http.ServerResponse): void {
    this.inFlight.delete(res);
    // the connection that carried it may now be idle: let it go
    if (this.server) setImmediate(() => this.server?.closeIdleConnections());
  }

  close(server: http.Server, timeoutMs: number): Promise<void> {
    if (this.closing) return this.closing;
    this.server = server;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.closing = new Promise((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    return this.closing;
  }
}

function releaseOnClose(drainer: Drainer): (this: http.ServerResponse) => void {
  return function (this: http.ServerResponse) {
    drainer.release(this);
  };
}
