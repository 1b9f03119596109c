// Settings of the operation log ([observability.oplog] and [observability.slow_queries] in
// aerodb.toml), their defaults, and their validation.
import { AeroError } from '../errors/aero-error.js';

/** Monotonic milliseconds plus the epoch milliseconds of its zero (injected in tests). */
export interface OplogClock {
  now(): number;
  readonly timeOrigin: number;
}

export interface SlowQueryOptions {
  /** flag operations at least thresholdMs slow, sample the rest, alert the webhook (default true) */
  enabled?: boolean;
  /** default 100 */
  thresholdMs?: number;
  /** fraction (0..1) of the NON-slow, successful entries kept; slow and failed ones are always kept (default 1) */
  sampleRate?: number;
  /** http(s) URL that receives a POST of each slow entry ("" = none) */
  alertWebhook?: string;
  /** deliveries in flight at once; beyond it an alert is dropped and counted (default 4) */
  webhookMaxInFlight?: number;
  /** default 2000 */
  webhookTimeoutMs?: number;
}

export interface OplogOptions {
  /** entries kept, in memory and on disk, the oldest dropped first (default 100 000) */
  retentionEntries?: number;
  /** also drop entries older than this many hours (default 0: no age limit) */
  retentionHours?: number;
  slowQueries?: SlowQueryOptions;
  /** seed of the sampling decision: the same seed and operation sequence keep the same entries */
  sampleSeed?: number;
  /** how long an entry may wait before its batch is written (default 50 ms; SPEC: at most 100) */
  flushIntervalMs?: number;
  /** a segment file is rotated once it reaches this size (default 4 MiB) */
  segmentBytes?: number;
  /** fdatasync every batch (default: the database's fsync setting) */
  fsync?: boolean;
  clock?: OplogClock;
}

export interface ResolvedOplogOptions {
  retentionEntries: number;
  retentionMs: number;
  slowEnabled: boolean;
  thresholdMs: number;
  sampleRate: number;
  alertWebhook: string;
  webhookMaxInFlight: number;
  webhookTimeoutMs: number;
  sampleSeed: number;
  flushIntervalMs: number;
  segmentBytes: number;
  fsync: boolean;
  clock: OplogClock;
}

const MIB = 1024 * 1024;
const HOUR_MS = 3_600_000;

export const SYSTEM_CLOCK: OplogClock = Object.freeze({ now: () => performance.now(), timeOrigin: performance.timeOrigin });

export function resolveOplogOptions(options: OplogOptions, databaseFsync: boolean): ResolvedOplogOptions {
  const slow = options.slowQueries ?? {};
  const resolved: ResolvedOplogOptions = {
    retentionEntries: integer(options.retentionEntries ?? 100_000, 1, 'retention_entries', 'observability.oplog'),
    retentionMs: number(options.retentionHours ?? 0, 0, Infinity, 'retention_hours', 'observability.oplog') * HOUR_MS,
    slowEnabled: slow.enabled ?? true,
    thresholdMs: number(slow.thresholdMs ?? 100, 0, Infinity, 'threshold_ms', 'observability.slow_queries'),
    sampleRate: number(slow.sampleRate ?? 1, 0, 1, 'sample_rate', 'observability.slow_queries'),
    alertWebhook: slow.alertWebhook ?? '',
    webhookMaxInFlight: integer(slow.webhookMaxInFlight ?? 4, 1, 'alert_webhook_max_in_flight', 'observability.slow_queries'),
    webhookTimeoutMs: integer(slow.webhookTimeoutMs ?? 2000, 1, 'alert_webhook_timeout_ms', 'observability.slow_queries'),
    sampleSeed: (options.sampleSeed ?? 0) >>> 0,
    flushIntervalMs: integer(options.flushIntervalMs ?? 50, 1, 'flushIntervalMs', 'oplog option'),
    segmentBytes: integer(options.segmentBytes ?? 4 * MIB, 1024, 'segmentBytes', 'oplog option'),
    fsync: options.fsync ?? databaseFsync,
    clock: options.clock ?? SYSTEM_CLOCK,
  };
  const problem = webhookUrlProblem(resolved.alertWebhook);
  if (problem !== null) {
    throw new AeroError('AERO_CONFIG_INVALID', `observability.slow_queries.alert_webhook ${problem}`, {
      details: { key: 'observability.slow_queries.alert_webhook', value: resolved.alertWebhook },
      hint: 'Set alert_webhook to an http:// or https:// URL such as "http://127.0.0.1:9000/alerts", or to "" for no webhook.',
    });
  }
  return resolved;
}

/** Why `url` cannot be an alert webhook, or null when it can ("" means no webhook). */
export function webhookUrlProblem(url: string): string | null {
  if (url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be an absolute http(s) URL, got ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `must use http or https, got ${JSON.stringify(parsed.protocol.slice(0, -1))} in ${JSON.stringify(url)}`;
  }
  return null;
}

function number(value: number, min: number, max: number, key: string, section: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new AeroError('AERO_CONFIG_INVALID', `${section}.${key} must be a number ${range}, got ${JSON.stringify(value)}`, {
      details: { key: `${section}.${key}`, value },
      hint: `Set ${key} in [${section}] to a number ${range} (docs/config.md).`,
    });
  }
  return value;
}

function integer(value: number, min: number, key: string, section: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new AeroError('AERO_CONFIG_INVALID', `${section}.${key} must be an integer >= ${min}, got ${JSON.stringify(value)}`, {
      details: { key: `${section}.${key}`, value },
      hint: `Set ${key} in [${section}] to an integer >= ${min} (docs/config.md).`,
    });
  }
  return value;
}
