import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AeroError } from '../engine/errors/aero-error.js';

export const CONFIG_FILE_NAME = 'aerodb.toml';

/** The nearest directory at or above `start` that holds aerodb.toml. */
export function findProjectRoot(start: string): string {
  const origin = resolve(start);
  let dir = origin;
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE_NAME))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new AeroError('AERO_CONFIG_NOT_FOUND', `No ${CONFIG_FILE_NAME} found in ${origin} or any directory above it.`, {
    details: { searched_from: origin },
  });
}
