// `aerodb dashboard`: finds the running server (server.json of the project, or --url), then draws
// the dashboard over its admin API until the user quits or the terminal closes.
import { loadProject, type LoadedProject } from '../../config/load-config.js';
import { AeroError } from '../../engine/errors/aero-error.js';
import { DashboardController } from '../../ui/dashboard-controller.js';
import { renderDashboard } from '../../ui/render-dashboard.js';
import { canDrawDashboard } from '../../ui/terminal-mode.js';
import { healthAnswers } from '../data-source/admin-client.js';
import { readProjectKeys, type ProjectKeys } from '../project-keys.js';
import type { ProjectOptions } from '../project-session.js';
import { liveServerInfo } from '../serve/server-info.js';
import { RemoteFeed } from './remote-feed.js';
import { ServerClient, type ServerAccess } from './server-client.js';

const HEALTH_TIMEOUT_MS = 2000;

export interface AttachOptions extends Omit<ProjectOptions, 'clock'> {
  /** the server to attach to (default: the project's running server, from .aerodb/server.json) */
  url?: string;
  /** for the data routes (browse, query); default: the project's keys.json */
  serviceKey?: string;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export interface AttachTarget {
  access: ServerAccess;
  keys: ProjectKeys | null;
  startedAt: string;
}

/** Which server, and with which credentials. */
export async function resolveAttachTarget(options: Omit<AttachOptions, 'stdout' | 'stdin' | 'stderr' | 'env'>): Promise<AttachTarget> {
  const project = options.url === undefined ? loadProject(options) : optionalProject(options);
  const keys = project === null ? null : optionalKeys(project);
  const info = project === null ? null : liveServerInfo(project);
  const url = (options.url ?? info?.url ?? '').replace(/\/+$/, '');
  if (url === '') {
    throw new AeroError('AERO_CONFIG_NO_SERVER', `no aerodb serve is running for ${project!.root} (no .aerodb/server.json of a live process)`, {
      details: { project: project!.root },
      hint: 'Start it with `aerodb serve` (on a terminal it shows this dashboard itself), or pass --url of a running server.',
    });
  }
  const sameServer = info !== null && info.url === url;
  const access: ServerAccess = {
    url,
    pid: sameServer ? info.pid : null,
    adminToken: sameServer ? info.admin_token : null,
    serviceKey: options.serviceKey ?? keys?.service ?? null,
  };
  if (access.adminToken === null && access.serviceKey === null) {
    throw new AeroError('AERO_AUTH_REQUIRED', `no credentials for the admin API of ${url}: it is not this project's server and no service key was given`, {
      details: { url },
      hint: 'Pass --service-key (or set AERODB_SERVICE_KEY) with the server project\'s service key (`aerodb keys` in that project).',
    });
  }
  if (!(await healthAnswers(url, HEALTH_TIMEOUT_MS))) {
    throw new AeroError('AERO_CONFIG_NO_SERVER', `nothing answers GET ${url}/api/health within ${HEALTH_TIMEOUT_MS} ms`, {
      details: { url },
      hint: 'Check that aerodb serve is running there (its terminal shows the URL), or start it.',
    });
  }
  // the project's keys are this server's only when it is the project's own server
  return { access, keys: sameServer ? keys : null, startedAt: sameServer ? info.started_at : '' };
}

/** Draws the dashboard over the server until the user quits. */
export async function attachDashboard(options: AttachOptions): Promise<void> {
  if (!canDrawDashboard(options.stdout, options.stdin, options.env)) {
    throw new AeroError('AERO_CONFIG_USAGE', 'aerodb dashboard needs a terminal: stdin and stdout must be TTYs, and CI unset', {
      details: { stdout_tty: options.stdout.isTTY === true, stdin_tty: options.stdin.isTTY === true },
      hint: 'For scripts use `aerodb oplog tail --follow`, `aerodb migrate status` or the admin API (docs/rest-api.md).',
    });
  }
  const target = await resolveAttachTarget(options);
  const client = new ServerClient(target.access);
  const feed = new RemoteFeed(client, {
    summary: { url: target.access.url, pid: target.access.pid ?? 0, started_at: target.startedAt, keys: target.keys === null ? null : { anon: target.keys.anon, service: target.keys.service } },
  });
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const controller = new DashboardController(feed, { size: { columns: options.stdout.columns, rows: options.stdout.rows }, onQuit: () => quit() });
  const screen = renderDashboard(controller, { stdout: options.stdout, stdin: options.stdin, stderr: options.stderr });
  const onSignal = () => quit();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    controller.start();
    await quitting;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    controller.stop();
    screen.close();
    await feed.close();
  }
}

function optionalProject(options: ProjectOptions): LoadedProject | null {
  try {
    return loadProject(options);
  } catch (error) {
    if (error instanceof AeroError && error.code === 'AERO_CONFIG_NOT_FOUND' && options.dir === undefined) return null;
    throw error;
  }
}

function optionalKeys(project: LoadedProject): ProjectKeys | null {
  try {
    return readProjectKeys(project.root);
  } catch {
    return null;
  }
}
