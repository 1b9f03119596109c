// Temp data directories and a small opener for the storage tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type OpenedStorage, type StorageOptions } from '../../../src/engine/storage/storage.js';
import type { WalUnit } from '../../../src/engine/types.js';

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'aerodb-storage-'));
  return { dir: join(root, 'data'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Opened extends OpenedStorage {
  warnings: string[];
}

export async function open(dir: string, overrides: Partial<StorageOptions> = {}): Promise<Opened> {
  const warnings: string[] = [];
  const opened = await openStorage({ dir, fsync: false, segmentBytes: 64 * 1024, onWarning: (message) => warnings.push(message), ...overrides });
  return { ...opened, warnings };
}

/** A unit that puts one document `{ _id, n }` into collection "c". */
export function putUnit(n: number, pad = ''): WalUnit {
  return { ops: [{ o: 'put', c: 'c', d: { _id: `d${n}`, n, pad } }] };
}

/** Appends units put(from..to) and waits until the last is durable. */
export async function appendRange(storage: OpenedStorage['storage'], from: number, to: number, pad = ''): Promise<number[]> {
  const lsns: number[] = [];
  for (let n = from; n <= to; n++) lsns.push(storage.append(putUnit(n, pad)));
  await storage.waitDurable(lsns[lsns.length - 1]!);
  return lsns;
}

export function tailNumbers(opened: OpenedStorage): number[] {
  return opened.tail.map(({ unit }) => {
    const op = unit.ops[0]!;
    return op.o === 'put' ? (op.d['n'] as number) : -1;
  });
}
