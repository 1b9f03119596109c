// `deploy-function` before the store: function.json, then bundle -> componentize -> transpile ->
// verify, each step timed and reported. Nothing here touches the deployed versions: a failure at
// any step leaves them as they were.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AeroError } from '../../errors/aero-error.js';
import { assertFunctionName, parseFunctionManifest, type FunctionManifest, type ManifestDefaults } from '../function-manifest.js';
import { wasm, type WasmModule } from '../runtime/wasm-api.js';
import { enableWasmFeatures } from '../runtime/wasm-features.js';
import { artifactSha256, sha256Hex } from './artifact-hash.js';
import { bundleFunction } from './bundle-function.js';
import { componentizeFunction } from './componentize-function.js';
import { transpileComponent } from './transpile-component.js';

export type BuildStep = 'bundle' | 'componentize' | 'transpile' | 'verify';
export const BUILD_STEPS: readonly BuildStep[] = ['bundle', 'componentize', 'transpile', 'verify'];

export interface BuildStepEvent {
  step: BuildStep;
  phase: 'start' | 'done';
  /** set when phase is done */
  ms?: number;
}

export interface BuildSource {
  name: string;
  /** functions/<name> */
  dir: string;
  /** entry file (index.ts, else index.js) */
  entry: string;
  manifest: FunctionManifest;
}

export interface BuiltFunction {
  name: string;
  manifest: FunctionManifest;
  /** glue and core modules, memories capped to manifest.memory_mb */
  files: Map<string, Uint8Array>;
  /** artifactSha256(files) */
  sha256: string;
  /** sha256 of the bundled JavaScript (what was componentized) */
  bundle_sha256: string;
  steps: Array<{ step: BuildStep; ms: number }>;
  /** compiler warnings and step notes: the build log kept with the version */
  log: string[];
  /** the core modules compiled here (the runtime reuses them instead of compiling again) */
  modules: Map<string, WasmModule>;
}

export interface BuildOptions {
  onStep?: (event: BuildStepEvent) => void;
  /** stop after bundling when this returns true for the bundle's sha256 and the manifest (nothing changed) */
  unchanged?: (bundleSha256: string, manifest: FunctionManifest) => boolean;
  /** keep WASI imports in the component (tests of the import allowlist only) */
  keepWasi?: boolean;
}

/** Reads functions/<name>/function.json and finds the entry; AERO_FUNCTION_NOT_FOUND / _INVALID name the file. */
export function readFunctionSource(functionsDir: string, name: string, root: string, defaults: ManifestDefaults): BuildSource {
  assertFunctionName(name);
  const dir = join(functionsDir, name);
  const entry = ['index.ts', 'index.js'].map((file) => join(dir, file)).find((file) => existsSync(file));
  if (!existsSync(dir) || entry === undefined) {
    throw new AeroError('AERO_FUNCTION_NOT_FOUND', `no function "${name}": ${relative(root, dir)}/index.ts does not exist`, {
      details: { function: name, dir: relative(root, dir) },
      hint: `Create ${relative(root, dir)}/index.ts exporting handle(input) and ${relative(root, dir)}/function.json (see docs/functions.md).`,
    });
  }
  const manifestFile = join(dir, 'function.json');
  const manifestText = existsSync(manifestFile) ? readFileSync(manifestFile, 'utf8') : '{}';
  const manifest = parseFunctionManifest(manifestText, relative(root, manifestFile), defaults);
  return { name, dir, entry, manifest };
}

/** What the build produced before verification (plain data: it crosses threads). */
export type BuiltArtifact = Omit<BuiltFunction, 'modules'>;

/** Runs the pipeline. Returns null when options.unchanged said the bundle is already deployed. */
export async function buildFunction(source: BuildSource, root: string, options: BuildOptions = {}): Promise<BuiltFunction | null> {
  const artifact = await buildArtifact(source, root, options);
  return artifact === null ? null : verifyArtifact(artifact, options.onStep);
}

/** bundle -> componentize -> transpile (no compiled modules: those stay in the thread that runs them). */
export async function buildArtifact(source: BuildSource, root: string, options: BuildOptions = {}): Promise<BuiltArtifact | null> {
  const steps: Array<{ step: BuildStep; ms: number }> = [];
  const log: string[] = [];
  const timed = stepTimer(steps, log, options.onStep);
  const { name, manifest } = source;
  // jco compiles its own wasm when first imported: let that overlap bundling and componentize
  const transpiler = import('@bytecodealliance/jco-transpile');
  transpiler.catch(() => undefined);
  const bundle = await timed('bundle', () => bundleFunction({ name, entry: source.entry, root }));
  for (const warning of bundle.warnings) log.push(`warning: ${warning}`);
  const bundleSha256 = sha256Hex(bundle.js);
  if (options.unchanged?.(bundleSha256, manifest)) return null;
  const component = await timed('componentize', () => componentizeFunction(name, bundle.js, options.keepWasi ? { keepWasi: true } : {}));
  log.push(`component: ${component.byteLength} bytes`);
  const artifact = await timed('transpile', () => transpileComponent(name, component, manifest.memory_mb));
  log.push(`imports: ${artifact.imports.join(', ')}`);
  log.push(`memory cap: ${manifest.memory_mb} MiB`);
  return { name, manifest, files: artifact.files, sha256: artifactSha256(artifact.files), bundle_sha256: bundleSha256, steps, log };
}

/** The verify step: every core module compiles here (and the runtime reuses what was compiled). */
export async function verifyArtifact(artifact: BuiltArtifact, onStep?: (event: BuildStepEvent) => void): Promise<BuiltFunction> {
  const steps = [...artifact.steps];
  const log = [...artifact.log];
  const modules = await stepTimer(steps, log, onStep)('verify', () => compileModules(artifact.name, artifact.files));
  return { ...artifact, steps, log, modules };
}

function stepTimer(steps: Array<{ step: BuildStep; ms: number }>, log: string[], onStep: ((event: BuildStepEvent) => void) | undefined) {
  return async <T>(step: BuildStep, run: () => Promise<T>): Promise<T> => {
    onStep?.({ step, phase: 'start' });
    const started = performance.now();
    const value = await run();
    const ms = performance.now() - started;
    steps.push({ step, ms });
    log.push(`${step}: ${ms.toFixed(0)} ms`);
    onStep?.({ step, phase: 'done', ms });
    return value;
  };
}

/** Compiles every core module (the runtime caches them per sha256); a module V8 rejects fails the deploy. */
export async function compileModules(name: string, files: ReadonlyMap<string, Uint8Array>): Promise<Map<string, WasmModule>> {
  enableWasmFeatures();
  const modules = new Map<string, WasmModule>();
  for (const [file, bytes] of files) {
    if (!file.endsWith('.wasm')) continue;
    try {
      modules.set(file, await wasm.compile(bytes));
    } catch (error) {
      throw new AeroError('AERO_FUNCTION_BUILD_FAILED', `function "${name}": core module ${file} does not compile: ${(error as Error).message}`, {
        details: { function: name, step: 'verify', file },
        cause: error,
      });
    }
  }
  return modules;
}
