// `.aerodb/keys.json` (SPEC §9): the anon and service API keys and the JWT secret of a project.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadProject } from '../config/load-config.js';
import { AeroError } from '../engine/errors/aero-error.js';

export interface ProjectKeys {
  anon: string;
  service: string;
  jwt_secret: string;
}

export function keysFilePath(root: string): string {
  return join(root, '.aerodb', 'keys.json');
}

/** Creates keys.json with 32 random bytes each (the JWT secret's one home: [auth] jwt_secret_file points here), mode 0600. False when it already exists. */
export function createProjectKeys(root: string): boolean {
  const keysFile = keysFilePath(root);
  if (existsSync(keysFile)) return false;
  mkdirSync(dirname(keysFile), { recursive: true });
  const hex = () => randomBytes(32).toString('hex');
  const keys: ProjectKeys = { anon: `aero_anon_${hex()}`, service: `aero_service_${hex()}`, jwt_secret: hex() };
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keysFile, 0o600);
  return true;
}

/** Reads keys.json; a missing or malformed file is a coded error naming it. */
export function readProjectKeys(root: string): ProjectKeys {
  const file = keysFilePath(root);
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    throw new AeroError('AERO_CONFIG_NOT_FOUND', `${shown} does not exist: this project has no API keys yet`, {
      details: { file },
      hint: '`aerodb serve` creates them on its first start (and `aerodb init` does for a new project).',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw keysInvalid(file, shown, `is not valid JSON (${(err as Error).message})`);
  }
  const keys = parsed as Partial<Record<keyof ProjectKeys, unknown>>;
  for (const [name, prefix] of [['anon', 'aero_anon_'], ['service', 'aero_service_'], ['jwt_secret', '']] as const) {
    const value = keys?.[name];
    if (typeof value !== 'string' || !value.startsWith(prefix) || value.length <= prefix.length + 15) {
      throw keysInvalid(file, shown, `has no valid "${name}" (expected a string${prefix ? ` starting with ${prefix}` : ''})`);
    }
  }
  return { anon: keys.anon as string, service: keys.service as string, jwt_secret: keys.jwt_secret as string };
}

function keysInvalid(file: string, shown: string, what: string): AeroError {
  return new AeroError('AERO_CONFIG_INVALID', `${shown} ${what}`, {
    details: { file },
    hint: `Restore ${shown} from a backup, or delete it and run \`aerodb serve\` to create new keys (clients then need the new keys).`,
  });
}

/** `aerodb keys`: the project's two API keys (the JWT secret stays in the file). */
export function showProjectKeys(options: { dir?: string; cwd?: string }): { anon: string; service: string } {
  const { anon, service } = readProjectKeys(loadProject(options).root);
  return { anon, service };
}
