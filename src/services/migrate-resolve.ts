import type { ResolveResult } from '../engine/migrations/resolve-modified.js';
import { withProject, type ProjectOptions } from './project-session.js';

export interface ResolveOptions extends ProjectOptions {
  version: string;
  reason: string;
}

/** `aerodb migrate resolve VERSION --accept-modified --reason TEXT`. */
export function resolveModified(options: ResolveOptions): Promise<ResolveResult> {
  return withProject(options, (source) => source.resolve({ version: options.version, reason: options.reason }));
}
