// The FORMAT file: {"format":1}. Written once when a data directory is created; any other value
// means another (future) AeroDB wrote the directory and this one must not touch it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { osErrorCode, storageIoError, writeFileAtomically } from './durable-fs.js';

export const FORMAT_FILE = 'FORMAT';
export const STORAGE_FORMAT_VERSION = 1;

/** Checks FORMAT, creating it in a new directory. */
export async function ensureFormat(dir: string, fsync: boolean): Promise<void> {
  const path = join(dir, FORMAT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (osErrorCode(error) !== 'ENOENT') throw storageIoError(path, 'read', error);
    try {
      await writeFileAtomically(dir, path, JSON.stringify({ format: STORAGE_FORMAT_VERSION }) + '\n', fsync);
    } catch (writeError) {
      throw storageIoError(path, 'write', writeError);
    }
    return;
  }
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  if (format !== STORAGE_FORMAT_VERSION) {
    throw new AeroError('AERO_STORAGE_FORMAT', `${path} declares storage format ${JSON.stringify(format ?? text.trim())}; this AeroDB reads format ${STORAGE_FORMAT_VERSION}`, {
      details: { file: path, found: format ?? null, supported: STORAGE_FORMAT_VERSION },
    });
  }
}
