// The transcript of an invocation's host calls: the first MAX_RECORDED_CALLS are kept (db-query
// request, response hash, and for writes the response itself), the rest only counted.
import { sha256Hex } from '../compile/artifact-hash.js';
import { MAX_RECORDED_CALLS, MAX_RECORDED_RESPONSE, type HostCallRecord } from '../store/invocation-journal.js';

const MAX_RECORDED_REQUEST = 16 * 1024;

export class HostCallRecorder {
  readonly calls: HostCallRecord[] = [];
  total = 0;
  /** the first log lines (for the operation-log summary) */
  readonly firstLogs: string[] = [];

  dbQuery(request: string, response: string, write: boolean): void {
    this.total++;
    if (this.calls.length >= MAX_RECORDED_CALLS) return;
    this.calls.push({
      fn: 'db-query',
      request: request.length > MAX_RECORDED_REQUEST ? `${request.slice(0, MAX_RECORDED_REQUEST)}…` : request,
      response_sha256: sha256Hex(response),
      response: write && response.length <= MAX_RECORDED_RESPONSE ? response : null,
    });
  }

  log(level: string, message: string): void {
    this.total++;
    if (this.firstLogs.length < 5) this.firstLogs.push(message.length > 200 ? `${message.slice(0, 200)}…` : message);
    if (this.calls.length < MAX_RECORDED_CALLS) this.calls.push({ fn: 'log', level });
  }
}
