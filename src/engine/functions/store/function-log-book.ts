// Function logs: what functions print (log, console.*) and what happened to them (deploys, trigger
// failures, timeouts), per function, newest kept. <data>/functions/<name>/logs.jsonl holds them
// across restarts; the last MEMORY_ENTRIES per function are served from memory.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFunctionName } from '../function-manifest.js';
import { LineAppender } from './line-appender.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface FunctionLogEntry {
  /** per function, increasing: `--follow` asks for entries after the last one it saw */
  seq: number;
  timestamp: string;
  function: string;
  /** the deployed version that wrote it (null for entries about the function, not from it) */
  version: number | null;
  invocation_id: string | null;
  level: LogLevel;
  /** "function": printed by the function; "aerodb": about it (deploy, failure, trigger) */
  source: 'function' | 'aerodb';
  message: string;
}

const MEMORY_ENTRIES = 1000;
/** Past this the file is rewritten with the entries held in memory. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_MESSAGE_CHARS = 8192;

interface FunctionLog {
  entries: FunctionLogEntry[];
  seq: number;
  bytes: number;
  dirMade: boolean;
}

export class FunctionLogBook {
  readonly #root: string;
  readonly #appender: LineAppender;
  readonly #logs = new Map<string, FunctionLog>();
  readonly #listeners = new Set<(entry: FunctionLogEntry) => void>();

  /** `root` is <data>/functions */
  constructor(root: string, onError: (message: string) => void) {
    this.#root = root;
    this.#appender = new LineAppender(onError);
  }

  write(entry: Omit<FunctionLogEntry, 'seq'>): FunctionLogEntry {
    const log = this.#log(entry.function);
    const message = entry.message.length > MAX_MESSAGE_CHARS ? `${entry.message.slice(0, MAX_MESSAGE_CHARS)}… (${entry.message.length} chars)` : entry.message;
    const full: FunctionLogEntry = { seq: ++log.seq, ...entry, message };
    log.entries.push(full);
    if (log.entries.length > MEMORY_ENTRIES) log.entries.splice(0, log.entries.length - MEMORY_ENTRIES);
    const line = JSON.stringify(full);
    log.bytes += line.length + 1;
    const file = this.#file(entry.function);
    if (!log.dirMade) {
      mkdirSync(join(this.#root, entry.function), { recursive: true });
      log.dirMade = true;
    }
    if (log.bytes > MAX_FILE_BYTES) {
      // the file restarts from the entries in memory (the newest)
      void this.#appender.flush().then(() => {
        const text = log.entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
        writeFileSync(file, text);
        log.bytes = text.length;
      });
    } else {
      this.#appender.append(file, line);
    }
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /** Entries of `name` with seq > after, oldest first, at most `limit` (the newest ones). */
  read(name: string, options: { after?: number; limit?: number } = {}): FunctionLogEntry[] {
    const after = options.after ?? 0;
    const entries = this.#log(name).entries.filter((e) => e.seq > after);
    return options.limit === undefined ? entries : entries.slice(Math.max(0, entries.length - options.limit));
  }

  /** Calls `listener` with every new entry until the returned function is called. */
  subscribe(listener: (entry: FunctionLogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  flush(): Promise<void> {
    return this.#appender.flush();
  }

  #file(name: string): string {
    assertFunctionName(name);
    return join(this.#root, name, 'logs.jsonl');
  }

  /** The function's log, loaded from its file the first time it is needed. */
  #log(name: string): FunctionLog {
    let log = this.#logs.get(name);
    if (log) return log;
    log = { entries: [], seq: 0, bytes: 0, dirMade: false };
    const file = this.#file(name);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      log.bytes = text.length;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        try {
          const entry = JSON.parse(line) as FunctionLogEntry;
          log.entries.push(entry);
          log.seq = Math.max(log.seq, entry.seq);
        } catch {
          // a torn last line (crash mid-append) is skipped
        }
      }
      if (log.entries.length > MEMORY_ENTRIES) log.entries.splice(0, log.entries.length - MEMORY_ENTRIES);
    }
    this.#logs.set(name, log);
    return log;
  }
}
