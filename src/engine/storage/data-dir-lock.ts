// Exclusive ownership of a data directory: a LOCK file created with O_EXCL holding {"pid":N}.
// A lock whose pid no longer runs is stale (the owner crashed) and is taken over with a warning.
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { osErrorCode, storageIoError } from './durable-fs.js';

export const LOCK_FILE = 'LOCK';
const TAKEOVER_ATTEMPTS = 3;
const UNNAMED_LOCK_GRACE_MS = 100;

export class DataDirLock {
  private released = false;

  private constructor(readonly path: string, readonly pid: number) {}

  /** Takes the LOCK of `dir` or throws AERO_STORAGE_LOCKED naming the live holder. */
  static async acquire(dir: string, onWarning: (message: string) => void): Promise<DataDirLock> {
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
      if (await createExclusive(path)) return new DataDirLock(path, process.pid);
      let holder = await readHolderPid(path);
      // An empty LOCK may be another opener between its create and its write: look again shortly.
      if (holder === null) holder = await new Promise((resolve) => setTimeout(resolve, UNNAMED_LOCK_GRACE_MS)).then(() => readHolderPid(path));
      if (holder === 'gone') continue; // released between our create and read: try again
      if (holder !== null && isProcessAlive(holder)) {
        throw new AeroError('AERO_STORAGE_LOCKED', `Data directory ${dir} is locked by process ${holder} (${path})`, {
          details: { dir, lock_file: path, pid: holder, same_process: holder === process.pid },
          hint:
            holder === process.pid
              ? 'This process already opened the directory: reuse that database instance or close it first.'
              : `Stop process ${holder} (or talk to its server), then retry. If no AeroDB runs as pid ${holder} (the pid was reused after a crash), delete ${path}.`,
        });
      }
      onWarning(
        holder === null
          ? `Taking over ${path}: it does not name a process (left by a crash while it was being created)`
          : `Taking over stale ${path}: process ${holder} that held it is no longer running`,
      );
      try {
        await unlink(path);
      } catch (error) {
        if (osErrorCode(error) !== 'ENOENT') throw storageIoError(path, 'remove stale lock', error);
      }
    }
    throw new AeroError('AERO_STORAGE_LOCKED', `Data directory ${dir} is being locked and unlocked concurrently by other processes (${path})`, {
      details: { dir, lock_file: path, pid: null },
    });
  }

  /** Removes the LOCK if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const holder = await readHolderPid(this.path);
    if (holder !== this.pid) return;
    try {
      await unlink(this.path);
    } catch (error) {
      if (osErrorCode(error) !== 'ENOENT') throw storageIoError(this.path, 'remove lock', error);
    }
  }
}

async function createExclusive(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (osErrorCode(error) === 'EEXIST') return false;
    throw storageIoError(path, 'create lock', error);
  }
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid }), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** Who holds `dir`'s LOCK, for reports (`aerodb doctor`): its pid and whether that process runs. */
export async function lockHolder(dir: string): Promise<{ pid: number | null; alive: boolean }> {
  const pid = await readHolderPid(join(dir, LOCK_FILE));
  return typeof pid === 'number' ? { pid, alive: isProcessAlive(pid) } : { pid: null, alive: false };
}

/** The pid in the lock file; null when unreadable as such; 'gone' when the file vanished. */
async function readHolderPid(path: string): Promise<number | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (osErrorCode(error) === 'ENOENT') return 'gone';
    throw storageIoError(path, 'read lock', error);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const pid = typeof parsed === 'object' && parsed !== null ? (parsed as { pid?: unknown }).pid : undefined;
    return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return osErrorCode(error) === 'EPERM';
  }
}
