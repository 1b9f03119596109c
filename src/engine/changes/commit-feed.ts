// Committed document changes, for observers outside the write path (function db triggers; the
// realtime feed can use it too). The engine publishes each unit in the tick it is applied, and
// listeners hear of it only once it is durable: never for a write that failed. A listener's error
// never reaches the write. With no listener the engine skips publishing entirely.
import type { Doc } from '../types.js';

export interface CommittedChange {
  collection: string;
  /** before the write (null: inserted) */
  old: Doc | null;
  /** after the write (null: deleted) */
  doc: Doc | null;
}

export interface CommittedUnit {
  lsn: number;
  changes: readonly CommittedChange[];
}

export type CommitListener = (unit: CommittedUnit) => void;

export class CommitFeed {
  readonly #listeners = new Set<CommitListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => undefined) {
    this.#onListenerError = onListenerError;
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  subscribe(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Called by the engine with the unit's changes and the promise of its durability. Listeners run
   * in the async context of the write (a caller's AsyncLocalStorage store is visible to them).
   */
  publish(lsn: number, changes: ReadonlyArray<{ collection: string; old: Doc | undefined; next: Doc | undefined }>, durable: Promise<void>): void {
    if (this.#listeners.size === 0) return;
    const unit: CommittedUnit = { lsn, changes: changes.map((c) => ({ collection: c.collection, old: c.old ?? null, doc: c.next ?? null })) };
    durable.then(
      () => {
        for (const listener of this.#listeners) {
          try {
            listener(unit);
          } catch (error) {
            this.#onListenerError(error);
          }
        }
      },
      () => undefined,
    );
  }
}
