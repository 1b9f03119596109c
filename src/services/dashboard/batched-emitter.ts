// Collects feed events and hands them to listeners in one batch per interval: whatever the event
// rate, listeners (the dashboard) run at most once per `intervalMs`.
import type { FeedEvent } from '../../ui/models/feed-events.js';

export class BatchedEmitter {
  readonly #listeners = new Set<(events: FeedEvent[]) => void>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly intervalMs: number,
    /** builds the batch when the interval elapses (empty: nothing to send) */
    private readonly collect: () => FeedEvent[],
  ) {}

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    this.#listeners.add(listener);
    this.poke();
    return () => this.#listeners.delete(listener);
  }

  /** Something is pending: make sure a batch goes out within the interval. */
  poke(): void {
    if (this.#timer !== null || this.#closed || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => this.#emit(), this.intervalMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  #emit(): void {
    this.#timer = null;
    const events = this.collect();
    if (events.length === 0) return;
    for (const listener of this.#listeners) listener(events);
  }
}
