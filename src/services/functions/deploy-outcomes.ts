// Deploying several functions (`--all`, or a list): each is built and deployed on its own; one
// failing does not stop the others, and every outcome is reported.
import { AeroError, type AeroErrorJSON } from '../../engine/errors/aero-error.js';
import type { DeployReport } from '../../engine/functions/function-deployer.js';

export type DeployOutcome = { function: string; ok: true; report: DeployReport } | { function: string; ok: false; error: AeroErrorJSON };

export async function deployEach(names: readonly string[], deploy: (name: string) => Promise<DeployReport>): Promise<DeployOutcome[]> {
  const outcomes: DeployOutcome[] = [];
  for (const name of names) {
    try {
      outcomes.push({ function: name, ok: true, report: await deploy(name) });
    } catch (error) {
      const aero = error instanceof AeroError ? error : new AeroError('AERO_INTERNAL', `deploying "${name}" failed: ${String((error as Error)?.message ?? error)}`, { cause: error });
      outcomes.push({ function: name, ok: false, error: aero.toJSON() });
    }
  }
  return outcomes;
}

/** `--all` in a project without functions is an error (nothing would happen silently). */
export function allFunctionNames(sourceNames: readonly string[], functionsDir: string): string[] {
  if (sourceNames.length > 0) return [...sourceNames];
  throw new AeroError('AERO_FUNCTION_NOT_FOUND', `no functions to deploy: ${functionsDir} has no <name>/index.ts`, {
    details: { dir: functionsDir },
    hint: 'Create functions/<name>/index.ts exporting handle(input) (see docs/functions.md).',
  });
}
