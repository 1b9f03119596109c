// Turns what the worker pool reports into the invocation's result or its AeroError:
// the guest envelope {"ok"} | {"rejected"} | {"error"}, or a timeout, trap, memory cap, crash.
import { AeroError } from '../../errors/aero-error.js';
import type { PoolOutcome } from './worker-pool.js';

export interface OutcomeContext {
  function: string;
  version: number;
  invocation_id: string;
  timeoutMs: number;
  memoryMb: number;
}

/** {"ok": value} -> value; everything else -> the AeroError the caller gets. */
export function interpretOutcome(outcome: PoolOutcome, ctx: OutcomeContext): { value: unknown } | { error: AeroError } {
  const base = { function: ctx.function, version: ctx.version, invocation_id: ctx.invocation_id };
  const logsHint = `\`aerodb functions logs ${ctx.function}\` shows what it logged; \`aerodb functions replay ${ctx.invocation_id}\` runs it again.`;
  switch (outcome.kind) {
    case 'output':
      return interpretEnvelope(outcome.output, ctx, base, logsHint);
    case 'timeout':
      return {
        error: new AeroError('AERO_FUNCTION_TIMEOUT', `function "${ctx.function}" ran longer than its ${ctx.timeoutMs} ms limit and was stopped`, {
          details: { ...base, timeout_ms: ctx.timeoutMs },
          hint: `Make it faster (an endless loop?), or raise timeout_ms in functions/${ctx.function}/function.json. ${logsHint}`,
        }),
      };
    case 'memory':
      return { error: memoryError(ctx, base, outcome.memoryBytes) };
    case 'trap':
    case 'crash':
      return {
        error: new AeroError('AERO_FUNCTION_TRAP', `function "${ctx.function}" trapped: ${outcome.message}`, {
          details: { ...base, trap: outcome.message, memory_bytes: outcome.memoryBytes },
          hint: `A trap is a crash inside the WebAssembly sandbox (unbounded recursion overflows the stack); the instance was replaced. ${logsHint}`,
        }),
      };
  }
}

interface GuestError {
  name: string;
  message: string;
  stack: string | null;
  code: string | null;
}

function interpretEnvelope(output: string, ctx: OutcomeContext, base: Record<string, unknown>, logsHint: string): { value: unknown } | { error: AeroError } {
  let envelope: { ok?: unknown; rejected?: { message: string; details: unknown }; error?: GuestError };
  try {
    envelope = JSON.parse(output) as typeof envelope;
  } catch {
    return { error: new AeroError('AERO_FUNCTION_ERROR', `function "${ctx.function}" returned malformed output`, { details: { ...base, output: output.slice(0, 200) } }) };
  }
  if ('ok' in envelope) return { value: envelope.ok };
  if (envelope.rejected) {
    return { error: new AeroError('AERO_FUNCTION_REJECTED', envelope.rejected.message, { details: { ...base, ...(envelope.rejected.details ? { rejected: envelope.rejected.details } : {}) } }) };
  }
  const guest = envelope.error ?? { name: 'Error', message: 'unknown failure', stack: null, code: null };
  if (guest.name === 'InternalError' && guest.message === 'out of memory') return { error: memoryError(ctx, base, null) };
  return {
    error: new AeroError('AERO_FUNCTION_ERROR', `function "${ctx.function}" threw ${guest.name}: ${guest.message}`, {
      details: { ...base, error: { name: guest.name, message: guest.message, code: guest.code, stack: guest.stack } },
      hint: guest.code ? `The error came from a database call (${guest.code}); catch DbError in handle to answer it yourself. ${logsHint}` : logsHint,
    }),
  };
}

function memoryError(ctx: OutcomeContext, base: Record<string, unknown>, memoryBytes: number | null): AeroError {
  return new AeroError('AERO_FUNCTION_MEMORY', `function "${ctx.function}" ran out of its ${ctx.memoryMb} MiB memory cap and was stopped`, {
    details: { ...base, memory_mb: ctx.memoryMb, ...(memoryBytes ? { memory_bytes: memoryBytes } : {}) },
    hint: `Use less memory (page through large results), or raise memory_mb in functions/${ctx.function}/function.json.`,
  });
}
