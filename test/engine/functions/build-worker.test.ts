// The build off the main thread, as `aerodb serve` runs it: the compiled package's FunctionBuilder
// (dist/, built before the tests) sends bundle -> componentize -> transpile to a worker and verifies
// on the calling thread; errors come back as the same AeroErrors, and the event loop stays free.
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject } from './fixture/function-fixture.js';

const dist = fileURLToPath(new URL('../../../dist/engine/functions/compile/function-builder.js', import.meta.url));
const template = fileURLToPath(new URL('../../../templates/basic/functions/hello', import.meta.url));
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!existsSync(dist))('FunctionBuilder (worker thread, from dist/)', () => {
  it('builds in the worker without stalling this thread, reports unchanged, and returns errors as AeroErrors', async () => {
    const { FunctionBuilder } = (await import(dist)) as typeof import('../../../src/engine/functions/compile/function-builder.js');
    const { readFunctionSource } = (await import(dist.replace('function-builder.js', 'build-function.js'))) as typeof import('../../../src/engine/functions/compile/build-function.js');
    const root = makeProject({});
    roots.push(root);
    cpSync(template, join(root, 'functions', 'hello'), { recursive: true });
    const builder = new FunctionBuilder();
    try {
      const source = readFunctionSource(join(root, 'functions'), 'hello', root, { timeout_ms: 1000, memory_mb: 64 });
      let maxLag = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last);
        last = now;
      }, 10);
      const steps: string[] = [];
      const built = await builder.build(source, root, { current: null, onStep: (e) => e.phase === 'done' && steps.push(e.step) }).finally(() => clearInterval(timer));
      expect(steps).toEqual(['bundle', 'componentize', 'transpile', 'verify']);
      expect(built?.files.get('component.js')).toBeInstanceOf(Uint8Array);
      expect(built?.modules.size).toBe([...built!.files.keys()].filter((f) => f.endsWith('.wasm')).length);
      // transpile alone takes 0.2-1.5 s of synchronous work: in the worker, this thread keeps ticking
      expect(maxLag).toBeLessThan(500);

      expect(await builder.build(source, root, { current: { bundle_sha256: built!.bundle_sha256, manifest: JSON.stringify(built!.manifest) } })).toBeNull();

      writeFileSync(join(root, 'functions', 'hello', 'index.ts'), 'export function handle( {\n');
      await expect(builder.build(source, root, { current: null })).rejects.toMatchObject({ name: 'AeroError', code: 'AERO_FUNCTION_BUILD_FAILED', details: { file: 'functions/hello/index.ts' } });
    } finally {
      await builder.close();
    }
  });
});
