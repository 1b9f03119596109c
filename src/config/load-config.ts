import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseToml, TomlError } from 'smol-toml';
import { AeroError } from '../engine/errors/aero-error.js';
import { webhookUrlProblem } from '../engine/oplog/oplog-options.js';
import { CONFIG_SCHEMA, type AeroConfig } from './config-schema.js';
import { validate as generatedValidate } from './config-validator.generated.js';
import { CONFIG_FILE_NAME, findProjectRoot } from './project-root.js';

export interface LoadedProject {
  /** directory holding aerodb.toml */
  root: string;
  /** absolute path of aerodb.toml */
  configFile: string;
  config: AeroConfig;
  /** absolute data directory ([storage] dir resolved against root) */
  dataDir: string;
  migrationsDir: string;
  schemasDir: string;
  functionsDir: string;
}

/** Finds the project (upward from `dir`, default cwd) and loads its aerodb.toml. */
export function loadProject(options: { dir?: string; cwd?: string } = {}): LoadedProject {
  const root = findProjectRoot(resolve(options.cwd ?? process.cwd(), options.dir ?? '.'));
  const configFile = join(root, CONFIG_FILE_NAME);
  const config = parseConfigText(readFileSync(configFile, 'utf8'), configFile);
  return {
    root,
    configFile,
    config,
    dataDir: resolve(root, config.storage.dir),
    migrationsDir: join(root, 'migrations'),
    schemasDir: join(root, 'schemas'),
    functionsDir: join(root, 'functions'),
  };
}

/** Parses and validates aerodb.toml text; `file` names the source in errors. Defaults are applied. */
export function parseConfigText(text: string, file: string): AeroConfig {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    const where = err instanceof TomlError ? ` at line ${err.line}, column ${err.column}` : '';
    throw new AeroError('AERO_CONFIG_INVALID', `${file} is not valid TOML${where}: ${(err as Error).message.split('\n')[0]}`, {
      details: { file, ...(err instanceof TomlError ? { line: err.line, column: err.column } : {}) },
      hint: 'Fix the TOML syntax at the position shown (see docs/config.md for an example file).',
    });
  }
  // precompiled from CONFIG_SCHEMA (config-validator-source.ts): no ajv load or compile per command
  const validate = generatedValidate as unknown as ValidateFunction;
  if (!validate(raw)) throw configError(validate.errors?.[0], file, raw);
  const config = raw as unknown as AeroConfig;
  checkWebhookUrl(config, file);
  return config;
}

/** alert_webhook must be usable when the server starts, not fail on the first slow query. */
function checkWebhookUrl(config: AeroConfig, file: string): void {
  const url = config.observability.slow_queries.alert_webhook;
  const problem = webhookUrlProblem(url);
  if (problem === null) return;
  const key = 'observability.slow_queries.alert_webhook';
  throw new AeroError('AERO_CONFIG_INVALID', `${file}: \`${key}\` ${problem}.`, {
    details: { file, key, value: url },
    hint: 'Set alert_webhook in [observability.slow_queries] to an http:// or https:// URL such as "http://127.0.0.1:9000/alerts", or to "" for no webhook.',
  });
}

function configError(error: ErrorObject | undefined, file: string, raw: unknown): AeroError {
  const base = error ? pointerToKey(error.instancePath) : '';
  if (error?.keyword === 'additionalProperties') {
    const key = [base, String(error.params['additionalProperty'])].filter(Boolean).join('.');
    return new AeroError('AERO_CONFIG_UNKNOWN_KEY', `${file}: unknown key \`${key}\`.`, {
      details: { file, key },
      hint: `Remove or correct \`${key}\`; valid keys here: ${validKeys(base).join(', ')} (docs/config.md).`,
    });
  }
  const key = base || '(top level)';
  const expected = expectedText(error);
  const received = describeValue(readKey(raw, error?.instancePath ?? ''));
  return new AeroError('AERO_CONFIG_INVALID', `${file}: \`${key}\` must be ${expected}, got ${received}.`, {
    details: { file, key, expected, received },
    hint: `Set \`${key}\` to ${expected} (docs/config.md lists every key, its type and default).`,
  });
}

function expectedText(error: ErrorObject | undefined): string {
  if (!error) return 'valid';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return p['type'] === 'object' ? 'a table' : `of type ${String(p['type'])}`;
    case 'enum':
      return `one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `a number >= ${String(p['limit'])}`;
    case 'maximum':
      return `a number <= ${String(p['limit'])}`;
    case 'minLength':
      return 'a non-empty string';
    default:
      return error.message ?? 'valid';
  }
}

function pointerToKey(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function readKey(raw: unknown, pointer: string): unknown {
  let cur = raw;
  for (const part of pointer.split('/').slice(1)) cur = (cur as Record<string, unknown>)?.[part];
  return cur;
}

function describeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'a table';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function validKeys(sectionPath: string): string[] {
  let node: { properties?: Record<string, unknown> } = CONFIG_SCHEMA;
  for (const part of sectionPath ? sectionPath.split('.') : []) node = (node.properties?.[part] ?? {}) as typeof node;
  return Object.keys(node.properties ?? {});
}
