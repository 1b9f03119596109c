// Where the guest worker's code comes from: the compiled guest-worker.js next to this module (the
// package), or, when running from the TypeScript sources (tests), that file bundled by esbuild into
// a data: URL — a worker cannot load .ts itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function guestWorkerUrl(): Promise<URL> {
  const compiled = new URL('./guest-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./guest-worker.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  return new URL(`data:text/javascript,${encodeURIComponent(result.outputFiles[0]!.text)}`);
}
