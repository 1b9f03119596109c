// Messages between `aerodb serve` (the main thread: server, feed, the real terminal) and the
// dashboard's worker thread (model, React, ink). Rendering runs in the worker so a frame never
// blocks the server's event loop; the main thread only forwards batches, bytes and keys.
import type { FeedEvent } from './models/feed-events.js';
import type { ScreenSize } from './models/layout.js';

export type FeedMethod = 'find' | 'migrationStatus' | 'migrate' | 'functions' | 'invoke';

/** An error crossing threads: what the dashboard shows of it. */
export interface ErrorPayload {
  code: string | null;
  message: string;
  hint: string | null;
}

export type ToWorker =
  | { kind: 'start'; size: ScreenSize }
  | { kind: 'events'; events: FeedEvent[] }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: ErrorPayload }
  /** raw bytes typed on the terminal */
  | { kind: 'input'; data: string }
  | { kind: 'resize'; size: ScreenSize }
  | { kind: 'stop' };

export type FromWorker =
  /** bytes for the terminal */
  | { kind: 'output'; data: string }
  | { kind: 'call'; id: number; method: FeedMethod; args: unknown[] }
  | { kind: 'quit' }
  /** one frame, in ms: from the start of applying a batch until its bytes were handed to the terminal */
  | { kind: 'frame'; ms: number }
  /** ink's own part of a frame (turning the laid-out tree into text), in ms */
  | { kind: 'render'; ms: number }
  | { kind: 'stopped' };
