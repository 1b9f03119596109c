// Slow-query alerts: POST the entry as JSON to [observability.slow_queries] alert_webhook. Delivery
// runs in the background with a timeout and a cap on deliveries in flight (beyond it an alert is
// dropped and counted); the operation that caused it never waits. Every failure is reported to
// `onFailure`, which logs it as its own entry (operation "webhook").
/** The entry an alert is about. */
export interface AlertSubject {
  id: string;
  collection: string | null;
}

export interface WebhookFailure {
  alert: AlertSubject;
  reason: 'timeout' | 'status' | 'network' | 'dropped';
  message: string;
  /** monotonic ms the delivery started (= when it was dropped) */
  startedMs: number;
  durationMs: number;
}

export interface WebhookStats {
  delivered: number;
  failed: number;
  dropped: number;
  in_flight: number;
}

export interface AlertWebhookOptions {
  url: string;
  timeoutMs: number;
  maxInFlight: number;
  now: () => number;
  onFailure: (failure: WebhookFailure) => void;
}

export class AlertWebhook {
  readonly #options: AlertWebhookOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #delivered = 0;
  #failed = 0;
  #dropped = 0;

  constructor(options: AlertWebhookOptions) {
    this.#options = options;
  }

  get stats(): WebhookStats {
    return { delivered: this.#delivered, failed: this.#failed, dropped: this.#dropped, in_flight: this.#inFlight.size };
  }

  /** Starts delivering `body` (the entry's JSON); never throws, never waits. */
  deliver(alert: AlertSubject, body: string): void {
    const startedMs = this.#options.now();
    if (this.#inFlight.size >= this.#options.maxInFlight) {
      this.#dropped++;
      this.#options.onFailure({
        alert,
        reason: 'dropped',
        message: `alert for ${alert.id} dropped: ${this.#inFlight.size} deliveries to ${this.#options.url} already in flight (limit ${this.#options.maxInFlight}); ${this.#dropped} dropped so far`,
        startedMs,
        durationMs: 0,
      });
      return;
    }
    const delivery = this.#post(alert, body, startedMs).finally(() => this.#inFlight.delete(delivery));
    this.#inFlight.add(delivery);
  }

  /** Waits for the deliveries in flight (each ends by its timeout at the latest). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #post(alert: AlertSubject, body: string, startedMs: number): Promise<void> {
    const { url, timeoutMs } = this.#options;
    const fail = (reason: WebhookFailure['reason'], message: string) => {
      this.#failed++;
      this.#options.onFailure({ alert, reason, message, startedMs, durationMs: this.#options.now() - startedMs });
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'aerodb-oplog-alert' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // drain the body so the connection can be reused; the content is not used
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) this.#delivered++;
      else fail('status', `alert for ${alert.id}: POST ${url} answered HTTP ${response.status}`);
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') fail('timeout', `alert for ${alert.id}: POST ${url} got no answer within ${timeoutMs} ms`);
      else fail('network', `alert for ${alert.id}: POST ${url} failed (${networkReason(error)})`);
    }
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
