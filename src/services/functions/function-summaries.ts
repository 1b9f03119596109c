// `aerodb functions list`: every function in functions/ or deployed, with what serves.
import type { FunctionTrigger } from '../../engine/functions/function-manifest.js';
import type { StoredVersion } from '../../engine/functions/store/function-store.js';

export interface FunctionSummary {
  name: string;
  /** deployed: serving; not_deployed: only in functions/; source_missing: deployed, but functions/<name> is gone */
  status: 'deployed' | 'not_deployed' | 'source_missing';
  version: number | null;
  sha256: string | null;
  deployed_at: string | null;
  triggers: FunctionTrigger[];
  timeout_ms: number | null;
  memory_mb: number | null;
  capabilities: string[];
  env: string[];
  bytes: number | null;
}

/** One line per trigger, e.g. `http POST /api/functions/hello` or `db insert,update on posts`. */
export function describeTrigger(trigger: FunctionTrigger, name: string): string {
  if ('http' in trigger) return `http POST /api/functions/${name}`;
  if ('db' in trigger) return `db ${trigger.db.events.join(',')} on ${trigger.db.collection}`;
  return `schedule "${trigger.schedule.cron}" (UTC)`;
}

export function summarizeFunctions(sourceNames: readonly string[], current: (name: string) => StoredVersion | null, deployedNames: readonly string[]): FunctionSummary[] {
  const names = [...new Set([...sourceNames, ...deployedNames])].sort();
  return names.map((name) => {
    const version = deployedNames.includes(name) ? current(name) : null;
    if (!version) {
      return { name, status: 'not_deployed', version: null, sha256: null, deployed_at: null, triggers: [], timeout_ms: null, memory_mb: null, capabilities: [], env: [], bytes: null };
    }
    return {
      name,
      status: sourceNames.includes(name) ? 'deployed' : 'source_missing',
      version: version.version,
      sha256: version.sha256,
      deployed_at: version.deployed_at,
      triggers: version.manifest.triggers,
      timeout_ms: version.manifest.timeout_ms,
      memory_mb: version.manifest.memory_mb,
      capabilities: version.manifest.capabilities,
      env: version.manifest.env,
      bytes: version.files.reduce((n, f) => n + f.bytes, 0),
    };
  });
}
