import type { MigrationProgress } from '../engine/migrations/migration-types.js';

/**
 * Migration progress on stderr, only when stderr is a terminal and --json is off (so pipes and
 * JSON consumers get nothing extra). Returns undefined when disabled.
 */
export function migrationProgress(json: boolean, stream: NodeJS.WriteStream = process.stderr): MigrationProgress | undefined {
  if (json || !stream.isTTY) return undefined;
  let started = 0;
  return (event) => {
    const label = `[${event.index + 1}/${event.total}] ${event.direction === 'up' ? 'applying' : 'rolling back'} ${event.version} ${event.name}`;
    if (event.phase === 'start') {
      started = performance.now();
      stream.write(`${label} ...`);
    } else {
      stream.write(`\r\x1b[2K${label} done (${Math.round(performance.now() - started)} ms)\n`);
    }
  };
}
