// What `aerodb serve` prints as plain lines: the start banner and the watcher's reports.
import { relative } from 'node:path';
import { renderProblem } from './migration-status-view.js';
import type { DescribedProblem } from '../services/report-types.js';
import type { ServeReady } from '../services/serve/serve-project.js';
import type { WatchEvent } from '../services/watchers/watch-events.js';

/** Marks the lines that need attention (an edited applied migration, an unreadable directory). */
const LOUD = '!!';

export function renderServeBanner(ready: ServeReady): string[] {
  const data = relative(ready.project.root, ready.project.dataDir) || '.';
  return [
    `AeroDB dev server for ${ready.project.root}`,
    `  url          ${ready.url}`,
    `  anon key     ${ready.keys.anon}`,
    `  service key  ${ready.keys.service}  (full access: server-side only)`,
    ...(ready.keys_created ? ['  keys         created .aerodb/keys.json (this project had none)'] : []),
    `  admin API    ${ready.url}/admin (token in ${data}/server.json; aerodb migrate and explain use it)`,
    `  data         ${data} (lsn ${ready.lsn}), pid ${ready.pid}`,
    'Ready. Watching migrations/ and schemas/. Ctrl-C stops the server.',
  ];
}

export function renderWatchEvent(event: WatchEvent): string[] {
  switch (event.kind) {
    case 'migration_pending':
      return [`migrations/${event.file}: ${event.version} ${event.name} is pending (not applied). Apply it with: aerodb migrate up`];
    case 'migration_removed':
      return [`migrations/${event.file}: removed (${event.version} ${event.name} was pending)`];
    case 'migration_problem': {
      // renderProblem's first line repeats the headline; the rest are the checksums and the fixes
      const details = renderProblem(event.problem).slice(1);
      return [`${LOUD} ${problemHeadline(event.problem)}`, `${LOUD}   aerodb migrate up refuses to run until this is fixed:`, ...details.map((l) => `${LOUD} ${l}`)];
    }
    case 'migration_problem_cleared':
      return [`migrations: ${event.problem.version} ${event.problem.name} is no longer ${event.problem.kind.replace(/_/g, ' ')}`];
    case 'migrations_unreadable':
      return [`${LOUD} migrations/ cannot be read: ${event.error.code}: ${event.error.message}`, `${LOUD}   hint: ${event.error.hint}`];
    case 'migrations_readable':
      return ['migrations/ can be read again'];
    case 'schema_drift':
      return [
        `schemas/${event.entry.file} differs from the applied schema (${event.entry.kind}); nothing is applied:`,
        ...event.entry.changes.map((c) => `  - ${c}`),
        `  ${event.fix}`,
      ];
    case 'schema_drift_cleared':
      return [`schemas/${event.file} matches the applied schema again`];
  }
}

function problemHeadline(problem: DescribedProblem): string {
  switch (problem.kind) {
    case 'modified':
      return `MODIFIED: migrations/${problem.file} was edited after ${problem.version} ${problem.name} was applied`;
    case 'missing':
      return `MISSING: ${problem.version} ${problem.name} is applied, but its file is gone from migrations/`;
    case 'out_of_order':
      return `OUT OF ORDER: migrations/${problem.file} is pending but sorts below the applied ${problem.highest_applied}`;
  }
}
