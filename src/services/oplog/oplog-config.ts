// aerodb.toml [observability.*] -> the engine's operation-log options (undefined: the log is off).
import type { AeroConfig } from '../../config/config-schema.js';
import type { OplogOptions } from '../../engine/oplog/oplog-options.js';

export function oplogOptionsFromConfig(config: AeroConfig): OplogOptions | undefined {
  const { oplog, slow_queries: slow } = config.observability;
  if (!oplog.enabled) return undefined;
  return {
    retentionEntries: oplog.retention_entries,
    retentionHours: oplog.retention_hours,
    slowQueries: {
      enabled: slow.enabled,
      thresholdMs: slow.threshold_ms,
      sampleRate: slow.sample_rate,
      alertWebhook: slow.alert_webhook,
      webhookMaxInFlight: slow.alert_webhook_max_in_flight,
    },
  };
}
