// Where the `deploy-function` and `functions ...` commands get their answers: the running
// `aerodb serve` (admin API; it owns the data directory and swaps deploys in live), or this
// process (the store in the data directory; invoke and replay open the database themselves).
import type { BuildStepEvent } from '../../engine/functions/compile/build-function.js';
import type { ReplayReport } from '../../engine/functions/runtime/replay-invocation.js';
import type { FunctionLogEntry } from '../../engine/functions/store/function-log-book.js';
import type { FunctionInvocation } from '../../server/function-hooks.js';
import type { DeployOutcome } from './deploy-outcomes.js';
import type { FunctionSummary } from './function-summaries.js';

export interface FunctionsSource {
  readonly mode: 'direct' | 'server';
  /** step progress is reported only on the direct path (the server answers when done) */
  deploy(names: string[] | 'all', onStep?: (name: string, event: BuildStepEvent) => void): Promise<DeployOutcome[]>;
  list(): Promise<FunctionSummary[]>;
  logs(name: string, options: { after?: number; limit?: number }): Promise<FunctionLogEntry[]>;
  invoke(name: string, input: unknown): Promise<FunctionInvocation>;
  replay(invocationId: string): Promise<ReplayReport>;
  close(): Promise<void>;
}
