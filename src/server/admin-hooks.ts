// Injection points for admin features that live outside the server (the CLI's migration service).
import type { FunctionHooks } from './function-hooks.js';

export interface MigrationHooks {
  status(): Promise<unknown>;
  /** applies pending migrations up to and including `version` (all of them when omitted) */
  up(version?: string): Promise<unknown>;
  /** runs `down` of every applied migration above `version`, newest first */
  down(version: string): Promise<unknown>;
  /** accepts the edited file of applied migration `version`, keeping `reason` in the history */
  resolve(version: string, reason: string): Promise<unknown>;
  /** writes the next-numbered migration file (a skeleton, or drafted from the edited schemas/) */
  newMigration(name: string, fromSchemas: boolean): Promise<unknown>;
}

export interface AdminHooks {
  migrations?: MigrationHooks;
  /** the functions runtime of `aerodb serve` (also behind POST /api/functions/:name) */
  functions?: FunctionHooks;
}
