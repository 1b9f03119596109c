// Which checkpoint file recovery uses (the newest; never a silent fall-back to an older one, since
// the WAL it would need was deleted) and the clean-up of temp and superseded checkpoints.
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { osErrorCode, removeQuietly, storageIoError } from './durable-fs.js';
import { readCheckpointFile } from './checkpoint-reader.js';
import type { CheckpointContents } from './checkpoint-writer.js';
import { CHECKPOINT_DIR, CHECKPOINT_SUFFIX, TEMP_SUFFIX, lsnFiles } from './lsn-file-names.js';

export async function loadNewestCheckpoint(dir: string, onWarning: (message: string) => void): Promise<CheckpointContents | null> {
  const checkpointDir = join(dir, CHECKPOINT_DIR);
  const names = await listDir(checkpointDir);
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    await removeQuietly(join(checkpointDir, name));
    onWarning(`Deleted ${CHECKPOINT_DIR}/${name}: a checkpoint that a crash interrupted before it was complete (the WAL still holds its data)`);
  }
  const newest = lsnFiles(names, CHECKPOINT_SUFFIX).at(-1);
  if (!newest) return null;
  return readCheckpointFile(join(checkpointDir, newest.name), `${CHECKPOINT_DIR}/${newest.name}`, newest.lsn);
}

/** Deletes checkpoints older than `lsn`; returns their names. */
export async function deleteOlderCheckpoints(dir: string, lsn: number): Promise<string[]> {
  const checkpointDir = join(dir, CHECKPOINT_DIR);
  const deleted: string[] = [];
  for (const file of lsnFiles(await listDir(checkpointDir), CHECKPOINT_SUFFIX)) {
    if (file.lsn >= lsn) continue;
    try {
      await unlink(join(checkpointDir, file.name));
      deleted.push(file.name);
    } catch (error) {
      if (osErrorCode(error) !== 'ENOENT') throw storageIoError(join(checkpointDir, file.name), 'delete', error);
    }
  }
  return deleted;
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    throw storageIoError(path, 'list', error);
  }
}
