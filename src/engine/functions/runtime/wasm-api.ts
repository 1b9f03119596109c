// The slice of the WebAssembly JS API the functions runtime uses. The project's lib (ES2023, no DOM)
// has no WebAssembly declarations, so they are spelled out here, over the real global.

/** A compiled core module (opaque; structured-cloneable to workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports?: Record<string, unknown>): Promise<WasmInstance>;
  Memory: abstract new (...args: never[]) => WasmMemory;
  RuntimeError: abstract new (...args: never[]) => Error;
}

export const wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
