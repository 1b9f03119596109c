import type { LoadedProject } from '../../config/load-config.js';
import { healthAnswers } from '../data-source/admin-client.js';
import { liveServerInfo } from '../serve/server-info.js';
import { DirectFunctionsSource } from './direct-functions-source.js';
import type { FunctionsSource } from './functions-source.js';
import { ServerFunctionsSource } from './server-functions-source.js';

const HEALTH_TIMEOUT_MS = 2000;

/** The running server when it answers (it owns the data directory), else this process. */
export async function openFunctionsSource(project: LoadedProject): Promise<FunctionsSource> {
  const info = liveServerInfo(project);
  if (info !== null && (await healthAnswers(info.url, HEALTH_TIMEOUT_MS))) {
    return new ServerFunctionsSource({ url: info.url, pid: info.pid, adminToken: info.admin_token });
  }
  return new DirectFunctionsSource(project);
}
