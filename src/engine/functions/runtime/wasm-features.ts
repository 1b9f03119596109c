import v8 from 'node:v8';

/**
 * QuickJS components use `i32.add` in constant expressions (the extended-const proposal), which
 * V8 11.3 (Node 20) compiles only behind a flag. Setting it is idempotent and must happen before
 * the first compile; workers inherit it.
 */
export function enableWasmFeatures(): void {
  v8.setFlagsFromString('--experimental-wasm-extended-const');
}
