import type { ReplayReport } from '../../engine/functions/runtime/replay-invocation.js';
import type { FunctionLogEntry } from '../../engine/functions/store/function-log-book.js';
import type { FunctionInvocation } from '../../server/function-hooks.js';
import { adminCall, type AdminEndpoint } from '../data-source/admin-client.js';
import type { DeployOutcome } from './deploy-outcomes.js';
import type { FunctionSummary } from './function-summaries.js';
import type { FunctionsSource } from './functions-source.js';

/** The running server's /admin/functions routes (the same objects the direct path builds). */
export class ServerFunctionsSource implements FunctionsSource {
  readonly mode = 'server' as const;

  constructor(readonly endpoint: AdminEndpoint) {}

  deploy: FunctionsSource['deploy'] = (names) => adminCall<DeployOutcome[]>(this.endpoint, 'POST', '/admin/functions/deploy', names === 'all' ? { all: true } : { names });

  list: FunctionsSource['list'] = () => adminCall<FunctionSummary[]>(this.endpoint, 'GET', '/admin/functions');

  logs: FunctionsSource['logs'] = (name, options) => {
    const query = new URLSearchParams();
    if (options.after !== undefined) query.set('after', String(options.after));
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const qs = query.toString();
    return adminCall<FunctionLogEntry[]>(this.endpoint, 'GET', `/admin/functions/${encodeURIComponent(name)}/logs${qs ? `?${qs}` : ''}`);
  };

  invoke: FunctionsSource['invoke'] = (name, input) => adminCall<FunctionInvocation>(this.endpoint, 'POST', `/admin/functions/${encodeURIComponent(name)}/invoke`, { input });

  replay: FunctionsSource['replay'] = (id) => adminCall<ReplayReport>(this.endpoint, 'POST', `/admin/functions/invocations/${encodeURIComponent(id)}/replay`);

  async close(): Promise<void> {}
}
