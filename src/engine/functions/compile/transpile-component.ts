// Step 3 of a build: jco turns the component into core wasm modules + an ES module of glue, with
// instantiation 'async' (the host passes every import explicitly: nothing is wired to WASI shims).
// Then the import list is checked against the allowlist and each module's memory is capped.
import { AeroError } from '../../errors/aero-error.js';
import { HOST_IMPORT } from '../function-wit.js';
import { WASM_PAGE_BYTES, capMemory } from './memory-cap.js';

export const GLUE_FILE = 'component.js';
const GLUE_NAME = 'component';

/** What the glue reads on every step when JCO_DEBUG is unset; returning at once halves a call's cost. */
const DEBUG_LOG_CHECK = 'if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';

export interface TranspiledArtifact {
  /** file name -> bytes: the glue (component.js) and the core modules (*.wasm), memories capped */
  files: Map<string, Uint8Array>;
  imports: string[];
}

export async function transpileComponent(name: string, component: Uint8Array, memoryMb: number): Promise<TranspiledArtifact> {
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  let result: Awaited<ReturnType<typeof transpileBytes>>;
  try {
    result = await transpileBytes(component, { name: GLUE_NAME, instantiation: 'async', emitTypescriptDeclarations: false, nodejsCompat: false });
  } catch (error) {
    throw new AeroError('AERO_FUNCTION_BUILD_FAILED', `function "${name}": the component could not be transpiled: ${String((error as Error)?.message ?? error).split('\n')[0]}`, {
      details: { function: name, step: 'transpile' },
      cause: error,
    });
  }
  checkImports(name, result.imports);
  if (!result.exports.some(([exported, kind]) => exported === 'handle' && kind === 'function')) {
    throw new AeroError('AERO_FUNCTION_MISSING_HANDLE', `the component of function "${name}" does not export handle`, { details: { function: name, exports: result.exports.map(([e]) => e) } });
  }
  const maxPages = (memoryMb * 1024 * 1024) / WASM_PAGE_BYTES;
  const files = new Map<string, Uint8Array>();
  for (const file of Object.keys(result.files).sort()) {
    const bytes = result.files[file]!;
    if (file.endsWith('.wasm')) files.set(file, capMemory(bytes, maxPages).bytes);
    else if (file === GLUE_FILE) files.set(file, new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll(DEBUG_LOG_CHECK, 'return;')));
    else files.set(file, bytes);
  }
  if (!files.has(GLUE_FILE)) throw new AeroError('AERO_INTERNAL', `jco produced no ${GLUE_FILE} for function "${name}"`, { details: { files: [...files.keys()] } });
  return { files, imports: [...result.imports].sort() };
}

/** Only aerodb:function/host: anything else (wasi:filesystem, wasi:http, ...) would be ambient authority. */
export function checkImports(name: string, imports: readonly string[]): void {
  const denied = imports.filter((i) => i !== HOST_IMPORT).sort();
  if (denied.length === 0) return;
  throw new AeroError('AERO_FUNCTION_IMPORT_DENIED', `function "${name}" imports ${denied.map((i) => `"${i}"`).join(', ')}; only "${HOST_IMPORT}" is allowed`, {
    details: { function: name, denied, allowed: [HOST_IMPORT] },
  });
}
