// The project's JWT secret, from ONE place: [auth] jwt_secret_file (relative to the project root).
// The default, .aerodb/keys.json, is read for its "jwt_secret" (created by `aerodb init`); any other
// file holds the secret as its whole text. `aerodb serve` verifies and `aerodb token` signs with it.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { LoadedProject } from '../config/load-config.js';
import { AeroError } from '../engine/errors/aero-error.js';
import { keysFilePath, readProjectKeys } from './project-keys.js';

/** Shortest secret accepted from a plain secret file (HS256 wants at least 256 bits). */
export const MIN_SECRET_LENGTH = 32;

export function readJwtSecret(project: LoadedProject): string {
  const file = resolve(project.root, project.config.auth.jwt_secret_file);
  if (file === keysFilePath(project.root)) return readProjectKeys(project.root).jwt_secret;
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    throw new AeroError('AERO_CONFIG_NOT_FOUND', `${shown} (from [auth] jwt_secret_file in ${project.configFile}) does not exist`, {
      details: { file, key: 'auth.jwt_secret_file' },
      hint: 'Point [auth] jwt_secret_file at an existing file holding the secret, or remove the key to use the jwt_secret of .aerodb/keys.json.',
    });
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AeroError('AERO_CONFIG_INVALID', `${shown} (from [auth] jwt_secret_file) holds a secret of ${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed`, {
      details: { file, key: 'auth.jwt_secret_file', length: secret.length, min_length: MIN_SECRET_LENGTH },
      hint: 'Write a long random secret into the file, e.g. `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'hex\'))" > FILE`.',
    });
  }
  return secret;
}
