// An AeroDB function runs in a WebAssembly sandbox: no filesystem, network, clock or environment
// beyond what function.json grants. handle receives the request body (parsed JSON) and returns JSON.
// `import { db, log, env, now, random, reject } from 'aerodb/function'` gives typed access to the
// database (with "capabilities" in function.json), logs, allowed env vars, the invocation's fixed
// clock and seeded randomness (docs/functions.md).
// Deploy it with `aerodb deploy-function hello` (or just save while `aerodb serve` runs), then call
// it with POST /api/functions/hello.

interface HelloInput {
  name?: string;
}

export function handle(input: HelloInput | null): { message: string } {
  const name = typeof input?.name === 'string' && input.name.trim() !== '' ? input.name.trim() : 'world';
  return { message: `Hello, ${name}!` };
}
