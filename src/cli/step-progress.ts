import type { MigrationProgress } from '../engine/migrations/migration-types.js';

/**
 * Migration progress on stderr: one transient line for the step in flight (erased when it is
 * done; the command's summary lists the steps). Only when stderr is a terminal and --json is
 * off, so pipes and JSON consumers get nothing extra. Returns undefined when disabled.
 */
export function migrationProgress(json: boolean, stream: NodeJS.WriteStream = process.stderr): MigrationProgress | undefined {
  if (json || !stream.isTTY) return undefined;
  return (event) => {
    if (event.phase === 'start') {
      const verb = event.direction === 'up' ? 'applying' : 'rolling back';
      stream.write(`\r\x1b[2K[${event.index + 1}/${event.total}] ${verb} ${event.version} ${event.name} ...`);
    } else if (event.index + 1 === event.total) {
      stream.write('\r\x1b[2K');
    }
  };
}
