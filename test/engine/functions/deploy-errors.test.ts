// What deploy refuses, and that a refused deploy replaces nothing: function.json mistakes, a
// module without handle, TypeScript/JavaScript errors with file:line:col, unresolved imports,
// and a component importing WASI (filesystem, clocks, ...) instead of only aerodb:function/host.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, readFunctionSource } from '../../../src/engine/functions/compile/build-function.js';
import { checkImports } from '../../../src/engine/functions/compile/transpile-component.js';
import { FunctionDeployer } from '../../../src/engine/functions/function-deployer.js';
import { parseFunctionManifest } from '../../../src/engine/functions/function-manifest.js';
import { FunctionStore } from '../../../src/engine/functions/store/function-store.js';
import { builtFunction, makeProject } from './fixture/function-fixture.js';

const DEFAULTS = { timeout_ms: 1000, memory_mb: 64 };
let root: string;
let deployer: FunctionDeployer;
let store: FunctionStore;

function writeFunction(name: string, source: string, manifest = '{}'): void {
  mkdirSync(join(root, 'functions', name), { recursive: true });
  writeFileSync(join(root, 'functions', name, 'index.ts'), source);
  writeFileSync(join(root, 'functions', name, 'function.json'), manifest);
}

beforeAll(async () => {
  root = makeProject();
  store = new FunctionStore(join(root, '.aerodb'));
  deployer = new FunctionDeployer({ root, functionsDir: join(root, 'functions'), dataDir: join(root, '.aerodb'), defaults: DEFAULTS });
  // v1 of "kitchen-sink" is deployed (from the shared test build) before the broken edits below
  store.save(await builtFunction(root, 'kitchen-sink'), '2026-01-01T00:00:00.000Z');
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('function.json', () => {
  const parse = (json: unknown) => () => parseFunctionManifest(JSON.stringify(json), 'functions/x/function.json', DEFAULTS);

  it('applies the [functions] defaults and sorts what has no order', () => {
    expect(parseFunctionManifest('{"capabilities":["database_write","database_read"]}', 'f', DEFAULTS)).toEqual({
      description: '',
      triggers: [],
      timeout_ms: 1000,
      memory_mb: 64,
      env: [],
      capabilities: ['database_read', 'database_write'],
    });
  });

  it('names the key and the file of every mistake', () => {
    expect(parse({ timeuot_ms: 5 })).toThrow(expect.objectContaining({ code: 'AERO_FUNCTION_INVALID', message: 'functions/x/function.json: unknown key `timeuot_ms`' }));
    expect(parse({ memory_mb: 1 })).toThrow(expect.objectContaining({ message: 'functions/x/function.json: `memory_mb` must be >= 4, got number 1' }));
    expect(parse({ capabilities: ['network'] })).toThrow(expect.objectContaining({ message: expect.stringContaining('`capabilities[0]` must be one of "database_read", "database_write"') }));
    expect(parse({ triggers: [{ db: { collection: 'posts', events: ['created'] } }] })).toThrow(expect.objectContaining({ message: expect.stringContaining('`triggers[0].db.events[0]`') }));
    expect(parse({ triggers: [{ schedule: { cron: 'every minute' } }] })).toThrow(expect.objectContaining({ message: expect.stringContaining('`triggers[0].schedule.cron` "every minute" is not a valid cron expression') }));
    expect(parse({ triggers: [{ http: {} }, { http: { method: 'POST' } }] })).toThrow(expect.objectContaining({ message: expect.stringContaining('more than one http trigger') }));
    expect(parse({ env: ['NOT-A-NAME'] })).toThrow(expect.objectContaining({ message: expect.stringContaining('an environment variable name') }));
    expect(() => parseFunctionManifest('{"env": [', 'functions/x/function.json', DEFAULTS)).toThrow(expect.objectContaining({ code: 'AERO_FUNCTION_INVALID', message: expect.stringContaining('is not valid JSON') }));
  });
});

describe('deploy refuses, and the deployed version stays', () => {
  const versions = () => readdirSync(join(root, '.aerodb', 'functions', 'kitchen-sink', 'versions')).filter((v) => !v.startsWith('.'));

  it('a module without handle', async () => {
    writeFunction('kitchen-sink', 'export default function handle() { return 1; }\n');
    await expect(deployer.deploy('kitchen-sink')).rejects.toMatchObject({ code: 'AERO_FUNCTION_MISSING_HANDLE', message: 'functions/kitchen-sink/index.ts does not export a function named "handle"' });
    expect(store.current('kitchen-sink')?.version).toBe(1);
    expect(versions()).toEqual(['000001']);
  });

  it('TypeScript errors with file:line:col', async () => {
    writeFunction('kitchen-sink', 'import { log } from "aerodb/function";\n\nexport function handle(input: { a: number }) {\n  const x: number = (input.a;\n  return x;\n}\n');
    const error = await deployer.deploy('kitchen-sink').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AERO_FUNCTION_BUILD_FAILED', details: { file: 'functions/kitchen-sink/index.ts', line: 4, column: 29 } });
    expect((error as Error).message).toContain('functions/kitchen-sink/index.ts:4:29: Expected ")" but found ";"');
    expect(store.current('kitchen-sink')?.version).toBe(1);
    expect(versions()).toEqual(['000001']);
  });

  it('an import that does not resolve (or a Node built-in)', async () => {
    writeFunction('kitchen-sink', 'import { readFileSync } from "node:fs";\nimport { helper } from "./missing.js";\nexport function handle() { return readFileSync("/etc/passwd", "utf8") + helper; }\n');
    const error = await deployer.deploy('kitchen-sink').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AERO_FUNCTION_BUILD_FAILED' });
    expect((error as Error).message).toContain('functions/kitchen-sink/index.ts:1:30: Could not resolve "node:fs"');
    expect((error as Error).message).toContain('functions/kitchen-sink/index.ts:2:24: Could not resolve "./missing.js"');
    expect(store.current('kitchen-sink')?.version).toBe(1);
  });

  it('an unknown function, or a bad name', async () => {
    await expect(deployer.deploy('nope')).rejects.toMatchObject({ code: 'AERO_FUNCTION_NOT_FOUND', message: 'no function "nope": functions/nope/index.ts does not exist' });
    await expect(deployer.deploy('Bad Name')).rejects.toMatchObject({ code: 'AERO_FUNCTION_INVALID' });
  });
});

describe('import allowlist', () => {
  it('only aerodb:function/host passes', () => {
    expect(() => checkImports('f', ['aerodb:function/host'])).not.toThrow();
    expect(() => checkImports('f', ['aerodb:function/host', 'wasi:filesystem/types@0.2.6', 'wasi:cli/environment@0.2.6'])).toThrow(
      expect.objectContaining({ code: 'AERO_FUNCTION_IMPORT_DENIED', details: expect.objectContaining({ denied: ['wasi:cli/environment@0.2.6', 'wasi:filesystem/types@0.2.6'] }) }),
    );
  });

  it('a component built with WASI (not stubbed) is rejected at deploy', async () => {
    writeFunction('with-wasi', 'export function handle(input: unknown) { return input; }\n');
    const source = readFunctionSource(join(root, 'functions'), 'with-wasi', root, DEFAULTS);
    const error = await buildFunction(source, root, { keepWasi: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AERO_FUNCTION_IMPORT_DENIED' });
    expect((error as { details: { denied: string[] } }).details.denied.some((i) => i.startsWith('wasi:filesystem/'))).toBe(true);
  });
});
