// `aerodb functions replay <id>`: the recorded invocation runs again with the same artifact, input,
// now, seed and caller, against the current database state. Reads run for real; writes are not
// applied again: each is answered with the response recorded for the same request at the same
// position (a replay changes nothing). The report says whether the output is byte-identical and,
// if not, the first host call that went differently.
import type { Database } from '../../database-types.js';
import { AeroError } from '../../errors/aero-error.js';
import { sha256Hex } from '../compile/artifact-hash.js';
import type { HostCallRecord, InvocationRecord } from '../store/invocation-journal.js';
import { answerDbQuery, isWriteRequest } from './db-bridge.js';
import { HostCallRecorder } from './host-call-recorder.js';
import type { LoadedFunction } from './function-runtime.js';
import { interpretOutcome } from './invocation-outcome.js';
import type { PoolOutcome } from './worker-pool.js';

export interface GuestJob {
  input: string;
  now: number;
  seed: number;
  onLog(level: string, msg: string): void;
  onDbQuery(request: string): Promise<string>;
}

export type GuestRun = (job: GuestJob) => Promise<PoolOutcome>;

export interface ReplayReport {
  invocation_id: string;
  function: string;
  version: number;
  /** the replay produced exactly the recorded output */
  matches: boolean;
  original: { status: 'ok' | 'error'; error_code: string | null; output_sha256: string | null; started_at: string; seed: number; now: number };
  replay: { status: 'ok' | 'error'; error_code: string | null; output_sha256: string | null; duration_ms: number; value?: unknown; error?: { code: string; message: string } };
  host_calls: {
    recorded: number;
    replayed: number;
    /** the first call that differs (request, or response of a read), or null */
    first_difference: { index: number; recorded: HostCallRecord | null; replayed: HostCallRecord | null; reason: string } | null;
  };
  /** writes answered from the record instead of being applied */
  writes_not_applied: number;
}

export async function replayInvocation(record: InvocationRecord, loaded: LoadedFunction, run: GuestRun, database: Database): Promise<ReplayReport> {
  if (record.input === null) {
    throw new AeroError('AERO_FUNCTION_INVOCATION_NOT_FOUND', `invocation ${record.id} cannot be replayed: its input was too large to record`, {
      details: { invocation_id: record.id, input_sha256: record.input_sha256 },
      hint: 'Only inputs up to 64 KiB are recorded for replay.',
    });
  }
  const recorder = new HostCallRecorder();
  const db = database.withContext({ caller: record.caller, source: 'function', request_id: `replay:${record.id}` });
  let dbIndex = 0;
  let writesNotApplied = 0;
  const recordedDb = record.host_calls.filter((c) => c.fn === 'db-query');
  const started = performance.now();
  const outcome = await run({
    input: record.input,
    now: record.now,
    seed: record.seed,
    onLog: (level, message) => recorder.log(level, message),
    onDbQuery: async (request) => {
      const recorded = recordedDb[dbIndex++];
      if (!isWriteRequest(request)) {
        const answer = await answerDbQuery(request, { db, function: record.function, capabilities: loaded.capabilities });
        recorder.dbQuery(request, answer.response, false);
        return answer.response;
      }
      const response =
        recorded && recorded.fn === 'db-query' && recorded.request === request && recorded.response !== null
          ? recorded.response
          : JSON.stringify({
              error: new AeroError('AERO_QUERY_READ_ONLY', 'replay does not apply writes, and no identical write was recorded at this point of the original invocation', {
                details: { request: request.slice(0, 200) },
              }).toJSON(),
            });
      writesNotApplied++;
      recorder.dbQuery(request, response, true);
      return response;
    },
  });
  const durationMs = performance.now() - started;
  const interpreted = interpretOutcome(outcome, { function: record.function, version: record.version, invocation_id: record.id, timeoutMs: loaded.version.manifest.timeout_ms, memoryMb: loaded.version.manifest.memory_mb });
  const outputSha = outcome.kind === 'output' ? sha256Hex(outcome.output) : null;
  const error = 'error' in interpreted ? interpreted.error : null;
  return {
    invocation_id: record.id,
    function: record.function,
    version: record.version,
    matches: outputSha !== null && outputSha === record.output_sha256,
    original: { status: record.status, error_code: record.error_code, output_sha256: record.output_sha256, started_at: record.started_at, seed: record.seed, now: record.now },
    replay: {
      status: error ? 'error' : 'ok',
      error_code: error?.code ?? null,
      output_sha256: outputSha,
      duration_ms: Math.round(durationMs * 1000) / 1000,
      ...(error ? { error: { code: error.code, message: error.message } } : { value: (interpreted as { value: unknown }).value }),
    },
    host_calls: { recorded: record.host_calls_total, replayed: recorder.total, first_difference: firstDifference(record.host_calls, recorder.calls) },
    writes_not_applied: writesNotApplied,
  };
}

function firstDifference(recorded: readonly HostCallRecord[], replayed: readonly HostCallRecord[]): ReplayReport['host_calls']['first_difference'] {
  const length = Math.max(recorded.length, replayed.length);
  for (let index = 0; index < length; index++) {
    const a = recorded[index] ?? null;
    const b = replayed[index] ?? null;
    if (a === null || b === null) return { index, recorded: a, replayed: b, reason: a === null ? 'the replay made more host calls' : 'the replay made fewer host calls' };
    if (a.fn !== b.fn) return { index, recorded: a, replayed: b, reason: `a ${b.fn} call where the original made a ${a.fn} call` };
    if (a.fn === 'db-query' && b.fn === 'db-query') {
      if (a.request !== b.request) return { index, recorded: a, replayed: b, reason: 'a different db-query request' };
      if (a.response_sha256 !== b.response_sha256) return { index, recorded: a, replayed: b, reason: 'the same request got a different answer (the data changed since)' };
    }
  }
  return null;
}
