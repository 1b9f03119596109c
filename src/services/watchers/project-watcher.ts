// Watches migrations/ and schemas/ while `aerodb serve` runs and reports what changed (a new
// pending migration, an edited applied one, a hand-edited schema file). It only reads: nothing
// is applied without a command.
import type { FSWatcher } from 'chokidar';
import type { LoadedProject } from '../../config/load-config.js';
import type { Database } from '../../engine/database-types.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import { computeSchemaDrift } from '../../engine/migrations/schema-drift.js';
import type { ProjectOperations } from '../project-operations.js';
import { diffProjectStates, EMPTY_PROJECT_STATE, nextProjectState, type ProjectState } from './project-state.js';
import type { WatchEvent } from './watch-events.js';

/** Quiet time after the last file event before the project is read again (editors write in bursts). */
export const WATCH_DEBOUNCE_MS = 150;

export interface ProjectWatcherOptions {
  onEvent: (event: WatchEvent) => void;
  /** failures of the watcher itself (not of the project) */
  onError: (message: string) => void;
  debounceMs?: number;
}

export class ProjectWatcher {
  private state: ProjectState = EMPTY_PROJECT_STATE;
  private fsWatcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** readings run one at a time, in order */
  private queue: Promise<void> = Promise.resolve();
  /** commands (migrate up, resolve, ...) in flight through the server */
  private commands = 0;
  /** bumped when a command starts: a reading that overlapped one is dropped */
  private generation = 0;
  private closed = false;

  constructor(
    private readonly project: LoadedProject,
    private readonly db: Database,
    private readonly ops: ProjectOperations,
    private readonly options: ProjectWatcherOptions,
  ) {}

  /** Reads the project (reporting what is already pending, modified or drifted), then watches it. */
  async start(): Promise<void> {
    await this.enqueue(true);
    const { watch } = await import('chokidar');
    if (this.closed) return;
    const fsWatcher = watch([this.project.migrationsDir, this.project.schemasDir], {
      ignoreInitial: true,
      // schema files are written as NAME.json.tmp and renamed
      ignored: (path: string) => path.endsWith('.tmp'),
    });
    this.fsWatcher = fsWatcher;
    fsWatcher.on('all', () => this.schedule());
    fsWatcher.on('error', (error: unknown) => this.options.onError(`file watcher: ${error instanceof Error ? error.message : String(error)}`));
    await new Promise<void>((resolve) => fsWatcher.once('ready', () => resolve()));
    // a change between the first reading and the watch being set up has no event of its own
    await this.enqueue(true);
  }

  /**
   * Runs a command that changes the project on purpose (migrate up rewrites schemas/, migrate new
   * adds a file): what it changes is the command's output, not a watcher report, so the state is
   * re-read silently afterwards.
   */
  async duringCommand<T>(run: () => Promise<T>): Promise<T> {
    this.commands++;
    this.generation++;
    try {
      return await run();
    } finally {
      this.commands--;
      if (this.commands === 0) void this.enqueue(false);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.fsWatcher?.close();
    await this.queue;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(true);
    }, this.options.debounceMs ?? WATCH_DEBOUNCE_MS);
  }

  private enqueue(report: boolean): Promise<void> {
    this.queue = this.queue
      .then(() => this.read(report))
      .catch((error: unknown) => {
        if (!this.closed) this.options.onError(`reading the project failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.queue;
  }

  private async read(report: boolean): Promise<void> {
    if (this.closed) return;
    // while a command runs, its own silent re-read comes next
    if (report && this.commands > 0) return;
    const generation = this.generation;
    const next = await this.readProject();
    if (this.closed || (report && generation !== this.generation)) return;
    const events = diffProjectStates(this.state, next);
    this.state = next;
    if (report) for (const event of events) this.options.onEvent(event);
  }

  /** The same status `aerodb migrate status` computes; drift alone when migrations/ cannot be loaded. */
  private async readProject(): Promise<ProjectState> {
    try {
      const status = await this.ops.status();
      return nextProjectState(this.state, { entries: status.migrations, problems: status.problems }, status.drift);
    } catch (error) {
      if (!(error instanceof AeroError)) throw error;
      return nextProjectState(this.state, error, computeSchemaDrift(this.project.schemasDir, this.db.schemas()));
    }
  }
}
