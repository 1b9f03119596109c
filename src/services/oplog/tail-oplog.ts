// `aerodb oplog tail`: the newest entries of the operation log, then (with follow) new ones as they
// come. Through the running server's /admin/oplog stream when `.aerodb/server.json` names a live
// server, otherwise from the segment files in the data directory.
import { loadProject } from '../../config/load-config.js';
import type { OplogEntry } from '../../engine/oplog/oplog-entry.js';
import { oplogDir } from '../../engine/oplog/oplog-segment-files.js';
import { parseTailFilter, parseTailLimit, type TailFilter } from '../../engine/oplog/tail-filter.js';
import { healthAnswers } from '../data-source/admin-client.js';
import type { ProjectOptions } from '../project-session.js';
import { liveServerInfo } from '../serve/server-info.js';
import { readNewestEntries, SegmentFollower } from './offline-oplog.js';
import { streamOplog } from './oplog-stream-client.js';

export interface TailOptions extends Omit<ProjectOptions, 'clock'> {
  follow?: boolean;
  slow?: boolean;
  collection?: string;
  operation?: string;
  /** ISO time or a duration ago (10m, 2h) */
  since?: string;
  /** default 20 */
  limit?: number | string;
  onEntry: (entry: OplogEntry) => void;
  /** called once, before the first entry: where the entries come from */
  onSource?: (source: TailSource) => void;
  /** stops following (Ctrl-C); the promise then resolves normally */
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** how often the files are polled when following without a server (default 250 ms) */
  pollMs?: number;
  /** epoch ms for relative --since (default Date.now) */
  now?: () => number;
}

export type TailSource = { kind: 'server'; url: string; pid: number } | { kind: 'files'; dir: string };

export interface TailResult {
  source: TailSource;
  entries: number;
  /** why it stopped: "backlog sent", "aborted", "server closing", ... */
  reason: string;
}

const HEALTH_TIMEOUT_MS = 2000;

export async function tailOplog(options: TailOptions): Promise<TailResult> {
  const project = loadProject(options);
  const flag = (key: string) => `--${key}`;
  const filter = parseTailFilter(
    { slow: options.slow ?? false, ...optional('collection', options.collection), ...optional('operation', options.operation), ...optional('since', options.since) },
    (options.now ?? Date.now)(),
    'AERO_CONFIG_USAGE',
    flag,
  );
  const limit = parseTailLimit(options.limit, 'AERO_CONFIG_USAGE', '--limit');
  const signal = options.signal ?? new AbortController().signal;
  let count = 0;
  const onEntry = (entry: OplogEntry) => {
    count++;
    options.onEntry(entry);
  };

  const info = liveServerInfo(project);
  if (info !== null && (await healthAnswers(info.url, HEALTH_TIMEOUT_MS))) {
    const source: TailSource = { kind: 'server', url: info.url, pid: info.pid };
    options.onSource?.(source);
    const reason = await streamOplog(
      { url: info.url, pid: info.pid, adminToken: info.admin_token },
      { follow: options.follow ?? false, slow: filter.slow, ...optional('collection', options.collection), ...optional('operation', options.operation), ...optional('since', options.since), limit },
      onEntry,
      signal,
    );
    return { source, entries: count, reason };
  }

  const dir = oplogDir(project.dataDir);
  const source: TailSource = { kind: 'files', dir };
  options.onSource?.(source);
  const onWarning = options.onWarning ?? (() => undefined);
  const { entries, lastSeq } = readNewestEntries(dir, filter, limit, onWarning);
  for (const entry of entries) onEntry(entry);
  if (!options.follow) return { source, entries: count, reason: 'backlog sent' };
  await followFiles(dir, filter, lastSeq, onEntry, signal, options.pollMs ?? 250);
  return { source, entries: count, reason: 'aborted' };
}

function followFiles(dir: string, filter: TailFilter, lastSeq: number, onEntry: (entry: OplogEntry) => void, signal: AbortSignal, pollMs: number): Promise<void> {
  const follower = new SegmentFollower(dir, filter, lastSeq);
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setInterval(() => {
      for (const entry of follower.poll()) onEntry(entry);
    }, pollMs);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      resolve();
    }, { once: true });
  });
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
