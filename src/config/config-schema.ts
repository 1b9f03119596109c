// The aerodb.toml contract (SPEC §2): every section and key, its type and default.
// One JSON schema drives validation (ajv), defaults (useDefaults) and docs/config.md.

export interface AeroConfig {
  server: { host: string; port: number };
  storage: { dir: string; fsync: boolean; checkpoint_wal_mb: number };
  query: { max_limit: number; default_timeout_ms: number; expand_max_depth: number };
  observability: {
    oplog: { enabled: boolean; retention_entries: number; retention_hours: number };
    slow_queries: { enabled: boolean; threshold_ms: number; sample_rate: number; alert_webhook: string; alert_webhook_max_in_flight: number };
  };
  realtime: {
    max_pending_messages: number;
    drop_policy: 'oldest_first' | 'newest_first' | 'disconnect';
    client_ack_timeout_ms: number;
    max_subscriptions_per_connection: number;
  };
  functions: { timeout_ms: number; memory_mb: number; pool_size: number };
  auth: { jwt_secret_file: string };
}

/** A JSON-schema node with the documentation text docs/config.md shows. */
export interface ConfigKeySchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  default: string | number | boolean;
  description: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  minLength?: number;
}

export interface ConfigSectionSchema {
  type: 'object';
  additionalProperties: false;
  default: Record<string, never>;
  properties: Record<string, ConfigKeySchema | ConfigSectionSchema>;
}

function section(properties: ConfigSectionSchema['properties']): ConfigSectionSchema {
  return { type: 'object', additionalProperties: false, default: {}, properties };
}

const int = (def: number, description: string, minimum = 0, maximum?: number): ConfigKeySchema =>
  maximum === undefined ? { type: 'integer', default: def, description, minimum } : { type: 'integer', default: def, description, minimum, maximum };

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    server: section({
      host: { type: 'string', default: '127.0.0.1', description: 'Interface the dev server listens on.', minLength: 1 },
      port: int(7420, 'TCP port of the dev server (0 = pick a free one).', 0, 65535),
    }),
    storage: section({
      dir: { type: 'string', default: '.aerodb', description: 'Data directory (relative to the project root).', minLength: 1 },
      fsync: { type: 'boolean', default: true, description: 'fdatasync every WAL unit before acknowledging it. Turn off only for throwaway data.' },
      checkpoint_wal_mb: int(64, 'Write a checkpoint after this many MiB of WAL.', 1),
    }),
    query: section({
      max_limit: int(1000, 'Largest `limit` a query may ask for.', 1),
      default_timeout_ms: int(5000, 'Time budget of one query.', 1),
      expand_max_depth: int(2, 'Deepest dotted `expand` path.', 0),
    }),
    observability: section({
      oplog: section({
        enabled: { type: 'boolean', default: true, description: 'Record every operation in the operation log.' },
        retention_entries: int(100000, 'Operation-log entries kept before the oldest are dropped.', 1),
        retention_hours: { type: 'number', default: 0, description: 'Also drop entries older than this many hours (0 = no age limit).', minimum: 0 },
      }),
      slow_queries: section({
        enabled: { type: 'boolean', default: true, description: 'Flag operations at least threshold_ms slow, apply sample_rate and alert_webhook.' },
        threshold_ms: int(100, 'An operation at least this slow is a slow query (always recorded).', 0),
        sample_rate: { type: 'number', default: 1.0, description: 'Fraction (0.0 to 1.0) of the other, fast and successful, operations recorded; slow and failed ones are always kept.', minimum: 0, maximum: 1 },
        alert_webhook: { type: 'string', default: '', description: 'http(s) URL that receives a POST of each slow entry as JSON, 2 s timeout ("" = none).' },
        alert_webhook_max_in_flight: int(4, 'Alert deliveries in flight at once; beyond it an alert is dropped and logged.', 1),
      }),
    }),
    realtime: section({
      max_pending_messages: int(1000, 'Messages buffered per subscriber before drop_policy applies.', 1),
      drop_policy: { type: 'string', default: 'oldest_first', description: 'What a full subscriber buffer does.', enum: ['oldest_first', 'newest_first', 'disconnect'] },
      client_ack_timeout_ms: int(5000, 'How long a client may take to acknowledge a message.', 1),
      max_subscriptions_per_connection: int(100, 'Subscriptions one WebSocket connection may hold.', 1),
    }),
    functions: section({
      timeout_ms: int(1000, 'Wall-clock limit of one function invocation.', 1),
      memory_mb: int(64, 'WebAssembly memory cap of one function.', 1),
      pool_size: int(2, 'Warm function workers.', 1),
    }),
    auth: section({
      jwt_secret_file: { type: 'string', default: '.aerodb/keys.json', description: 'Where the HS256 secret that signs and verifies JWTs comes from (relative to the project root): by default the `jwt_secret` of .aerodb/keys.json; any other file holds the secret as its whole text (at least 32 characters).', minLength: 1 },
    }),
  },
} as const satisfies { type: 'object'; additionalProperties: false; properties: ConfigSectionSchema['properties'] };
