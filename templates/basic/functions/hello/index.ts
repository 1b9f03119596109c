// An AeroDB function runs in a WebAssembly sandbox: no filesystem, network, clock or environment
// beyond what function.json grants. Deploy it with `aerodb deploy-function hello`, then call it with
// POST /api/functions/hello.

interface HelloInput {
  name?: string;
}

export function handle(input: HelloInput): { message: string } {
  const name = typeof input?.name === 'string' && input.name.trim() !== '' ? input.name.trim() : 'world';
  return { message: `Hello, ${name}!` };
}
