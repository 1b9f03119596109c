// function.json (SPEC §11): triggers, limits, the env allowlist and capabilities, validated with ajv.
// Omitted limits take the project's [functions] defaults, so the resolved manifest is explicit.
import { Ajv, type ErrorObject } from 'ajv';
import { Cron } from 'croner';
import { AeroError } from '../errors/aero-error.js';

export type DbEvent = 'insert' | 'update' | 'delete';
export type Capability = 'database_read' | 'database_write';

export type FunctionTrigger =
  | { http: { method: 'POST' } }
  | { db: { collection: string; events: DbEvent[] } }
  | { schedule: { cron: string } };

export interface FunctionManifest {
  description: string;
  triggers: FunctionTrigger[];
  timeout_ms: number;
  memory_mb: number;
  /** names of environment variables the function may read through env-get */
  env: string[];
  capabilities: Capability[];
}

export interface ManifestDefaults {
  timeout_ms: number;
  memory_mb: number;
}

export const FUNCTION_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
export const MIN_MEMORY_MB = 4;
export const MAX_MEMORY_MB = 4096;
export const MAX_TIMEOUT_MS = 300_000;

const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    triggers: {
      type: 'array',
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          http: {
            type: 'object',
            additionalProperties: false,
            properties: { method: { type: 'string', enum: ['POST'] } },
          },
          db: {
            type: 'object',
            additionalProperties: false,
            required: ['collection', 'events'],
            properties: {
              collection: { type: 'string', minLength: 1 },
              events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['insert', 'update', 'delete'] } },
            },
          },
          schedule: {
            type: 'object',
            additionalProperties: false,
            required: ['cron'],
            properties: { cron: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    timeout_ms: { type: 'integer', minimum: 1, maximum: MAX_TIMEOUT_MS },
    memory_mb: { type: 'integer', minimum: MIN_MEMORY_MB, maximum: MAX_MEMORY_MB },
    env: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
    capabilities: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['database_read', 'database_write'] } },
  },
} as const;

/** Throws AERO_FUNCTION_INVALID unless `name` can name a function (and a directory, and a URL segment). */
export function assertFunctionName(name: string): void {
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    throw new AeroError('AERO_FUNCTION_INVALID', `"${name}" is not a valid function name`, {
      details: { name },
      hint: 'Function names are 1-64 characters: a lowercase letter, then lowercase letters, digits, "_" or "-".',
    });
  }
}

/** Parses and validates function.json text (`file` names it in errors); applies the defaults. */
export function parseFunctionManifest(text: string, file: string, defaults: ManifestDefaults): FunctionManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AeroError('AERO_FUNCTION_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, {
      details: { file },
      hint: 'Fix the JSON syntax of function.json (see docs/functions.md for an example).',
    });
  }
  return validateFunctionManifest(raw, file, defaults);
}

export function validateFunctionManifest(raw: unknown, file: string, defaults: ManifestDefaults): FunctionManifest {
  const ajv = new Ajv({ allErrors: false, strict: true, validateSchema: false });
  const validate = ajv.compile(MANIFEST_SCHEMA);
  if (!validate(raw)) throw manifestError(validate.errors?.[0], file, raw);
  const input = raw as Partial<FunctionManifest> & { triggers?: Array<Record<string, Record<string, unknown>>> };
  const triggers = (input.triggers ?? []).map((trigger, index) => normaliseTrigger(trigger, index, file));
  if (triggers.filter((t) => 'http' in t).length > 1) {
    throw new AeroError('AERO_FUNCTION_INVALID', `${file}: \`triggers\` declares more than one http trigger`, {
      details: { file, key: 'triggers' },
      hint: 'Declare at most one {"http": {"method": "POST"}} trigger.',
    });
  }
  return {
    description: input.description ?? '',
    triggers,
    timeout_ms: input.timeout_ms ?? defaults.timeout_ms,
    memory_mb: input.memory_mb ?? Math.max(MIN_MEMORY_MB, defaults.memory_mb),
    env: [...(input.env ?? [])],
    capabilities: [...(input.capabilities ?? [])].sort(),
  };
}

function normaliseTrigger(trigger: Record<string, Record<string, unknown>>, index: number, file: string): FunctionTrigger {
  if (trigger['http']) return { http: { method: 'POST' } };
  if (trigger['db']) {
    const db = trigger['db'] as { collection: string; events: DbEvent[] };
    return { db: { collection: db.collection, events: [...db.events].sort() } };
  }
  const cron = (trigger['schedule'] as { cron: string }).cron;
  try {
    new Cron(cron, { paused: true, timezone: 'UTC' }).stop();
  } catch (error) {
    throw new AeroError('AERO_FUNCTION_INVALID', `${file}: \`triggers[${index}].schedule.cron\` "${cron}" is not a valid cron expression: ${(error as Error).message}`, {
      details: { file, key: `triggers[${index}].schedule.cron`, cron },
      hint: 'Use 5 fields (minute hour day-of-month month day-of-week, UTC) or 6 with seconds first, e.g. "*/5 * * * *".',
    });
  }
  return { schedule: { cron } };
}

function manifestError(error: ErrorObject | undefined, file: string, raw: unknown): AeroError {
  const key = pointerToKey(error?.instancePath ?? '');
  if (error?.keyword === 'additionalProperties') {
    const unknown = [key, String(error.params['additionalProperty'])].filter(Boolean).join('.');
    return new AeroError('AERO_FUNCTION_INVALID', `${file}: unknown key \`${unknown}\``, {
      details: { file, key: unknown },
      hint: 'function.json keys: description, triggers (http | db | schedule), timeout_ms, memory_mb, env, capabilities (docs/functions.md).',
    });
  }
  const where = key === '' ? 'the top level' : `\`${key}\``;
  const expected = expectedText(error);
  return new AeroError('AERO_FUNCTION_INVALID', `${file}: ${where} must be ${expected}, got ${describe(readPointer(raw, error?.instancePath ?? ''))}`, {
    details: { file, key: key === '' ? null : key, expected },
    hint: `Set ${where} to ${expected} (docs/functions.md describes function.json).`,
  });
}

function expectedText(error: ErrorObject | undefined): string {
  if (!error) return 'valid';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `of type ${String(p['type'])}`;
    case 'enum':
      return `one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `>= ${String(p['limit'])}`;
    case 'maximum':
      return `<= ${String(p['limit'])}`;
    case 'required':
      return `an object with "${String(p['missingProperty'])}"`;
    case 'minProperties':
    case 'maxProperties':
      return 'an object with exactly one of "http", "db", "schedule"';
    case 'uniqueItems':
      return 'a list without duplicates';
    case 'minItems':
      return 'a non-empty list';
    case 'minLength':
      return 'a non-empty string';
    case 'pattern':
      return 'an environment variable name (letters, digits, "_")';
    default:
      return error.message ?? 'valid';
  }
}

function pointerToKey(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

function readPointer(raw: unknown, pointer: string): unknown {
  let cur = raw;
  for (const part of pointer.split('/').slice(1)) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
