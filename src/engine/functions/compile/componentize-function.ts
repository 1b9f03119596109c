// Step 2 of a build: the bundled JS becomes a WebAssembly component (QuickJS, componentize-qjs)
// against the SPEC §11 world. stubWasi replaces every WASI import with a trap, so the component's
// only real import is aerodb:function/host; sync selects the runtime without the async ABI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AeroError } from '../../errors/aero-error.js';
import { FUNCTION_WIT, WORLD_NAME } from '../function-wit.js';

export interface ComponentizeOptions {
  /** keep WASI imports (only to test the deploy-time import allowlist) */
  keepWasi?: boolean;
}

export async function componentizeFunction(name: string, js: string, options: ComponentizeOptions = {}): Promise<Uint8Array> {
  const { componentize } = await import('componentize-qjs');
  // componentize-qjs reads the WIT and resolves the entry path on disk
  const dir = mkdtempSync(join(tmpdir(), `aerodb-fn-${name}-`));
  try {
    const witPath = join(dir, 'world.wit');
    const jsPath = join(dir, 'index.js');
    writeFileSync(witPath, FUNCTION_WIT);
    writeFileSync(jsPath, js);
    const { component } = await componentize({ witPath, jsSource: js, jsPath, world: WORLD_NAME, stubWasi: options.keepWasi !== true, sync: true });
    return new Uint8Array(component.buffer, component.byteOffset, component.byteLength);
  } catch (error) {
    throw new AeroError('AERO_FUNCTION_BUILD_FAILED', `function "${name}" could not be turned into a WebAssembly component: ${firstLine(error)}`, {
      details: { function: name, step: 'componentize', error: String((error as Error)?.message ?? error) },
      hint: 'Module top-level code runs once at build time without host functions: move calls to db, env, now, random and Date into handle.',
      cause: error,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
