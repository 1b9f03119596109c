// SIGINT/SIGTERM for a foreground server: the first one asks for a graceful stop; a second one,
// while the stop is still running, exits at once (the WAL keeps every acknowledged write).

export interface ShutdownSignal {
  /** resolves with the name of the first SIGINT or SIGTERM received */
  readonly received: Promise<NodeJS.Signals>;
  /** removes the handlers */
  dispose(): void;
}

export function listenForShutdown(onForced: (signal: NodeJS.Signals) => void): ShutdownSignal {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let first: NodeJS.Signals | null = null;
  let resolveReceived: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    resolveReceived = resolve;
  });
  const handler = (signal: NodeJS.Signals) => {
    if (first === null) {
      first = signal;
      resolveReceived(signal);
    } else {
      onForced(signal);
    }
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    received,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
