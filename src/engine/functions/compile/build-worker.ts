// The build running off the main thread (function-builder.ts): jco's transpile is synchronous
// WebAssembly work (0.2 s warm, about 1 s the first time in a process), which would stall every
// request of `aerodb serve` while a saved function rebuilds.
import { parentPort } from 'node:worker_threads';
import { AeroError } from '../../errors/aero-error.js';
import { buildArtifact, type BuildSource } from './build-function.js';

export interface BuildRequest {
  id: number;
  source: BuildSource;
  root: string;
  /** the current version's bundle hash and manifest: an identical build is reported as unchanged */
  current: { bundle_sha256: string; manifest: string } | null;
}

parentPort!.on('message', (request: BuildRequest) => {
  void (async () => {
    try {
      const artifact = await buildArtifact(request.source, request.root, {
        onStep: (event) => parentPort!.postMessage({ id: request.id, type: 'step', event }),
        unchanged: (bundleSha, manifest) => request.current !== null && request.current.bundle_sha256 === bundleSha && request.current.manifest === JSON.stringify(manifest),
      });
      parentPort!.postMessage({ id: request.id, type: 'done', artifact });
    } catch (error) {
      const aero = error instanceof AeroError ? error : new AeroError('AERO_FUNCTION_BUILD_FAILED', `building function "${request.source.name}" failed: ${String((error as Error)?.message ?? error)}`);
      parentPort!.postMessage({ id: request.id, type: 'error', error: aero.toJSON() });
    }
  })();
});
