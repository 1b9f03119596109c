// What the functions routes need from the functions runtime that `aerodb serve` runs
// (src/services/functions/functions-host.ts): invocation, deploys, listing, logs and replay.
import type { Caller } from '../engine/database-types.js';

export interface FunctionInvocation {
  invocation_id: string;
  function: string;
  version: number;
  value: unknown;
  duration_ms: number;
}

export interface FunctionHooks {
  /** POST /api/functions/:name — only functions with an http trigger, as the request's caller */
  invokeHttp(name: string, input: unknown, caller: Caller): Promise<FunctionInvocation>;
  /** POST /admin/functions/:name/invoke — any deployed function, as the service */
  invoke(name: string, input: unknown): Promise<FunctionInvocation>;
  /** POST /admin/functions/deploy — builds from the project's functions/ and swaps the new versions in */
  deploy(names: string[] | 'all'): Promise<unknown>;
  list(): Promise<unknown>;
  logs(name: string, options: { after?: number; limit?: number }): Promise<unknown>;
  replay(invocationId: string): Promise<unknown>;
}
