// info.version of the OpenAPI document: the package version plus a digest of the applied schemas,
// so any migration (which bumps a schema_version) yields a new API version.
import { createHash } from 'node:crypto';
import type { AppliedSchema } from '../../engine/types.js';

/** e.g. "0.1.0+schemas.3f2a9c01b7de" (SemVer build metadata). */
export function apiVersion(packageVersion: string, schemas: readonly AppliedSchema[]): string {
  const digest = createHash('sha256').update(canonicalJson(schemas)).digest('hex').slice(0, 12);
  return `${packageVersion}+schemas.${digest}`;
}

/** JSON with object keys sorted at every depth: equal values always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
