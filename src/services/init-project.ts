import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AeroError } from '../engine/errors/aero-error.js';
import type { MigrationProgress } from '../engine/migrations/migration-types.js';
import { runMigrateUp } from './migrate-apply.js';
import { createProjectKeys, keysFilePath } from './project-keys.js';
import type { MigrateRunReport } from './report-types.js';
import type { ProjectOptions } from './project-session.js';

export interface InitOptions extends Omit<ProjectOptions, 'dir'> {
  /** directory to scaffold (created when missing; default: cwd) */
  dir?: string;
  template?: string;
  /** scaffold into a non-empty directory (existing keys are kept) */
  force?: boolean;
  onProgress?: MigrationProgress;
}

export interface InitReport {
  root: string;
  template: string;
  /** files written from the template, relative to root, sorted */
  files: string[];
  keys_file: string;
  /** false when --force kept an existing keys.json */
  keys_created: boolean;
  migrate: MigrateRunReport;
  next_steps: string[];
}

/** Templates ship inside the package: <package>/templates/<name>. */
const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
/** npm never packs a file named .gitignore, so templates carry it as `gitignore`. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

/** `aerodb init`: scaffold a project, create its API keys, apply 001 (which writes schemas/). */
export async function initProject(options: InitOptions): Promise<InitReport> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.dir ?? '.');
  const template = options.template ?? 'basic';
  const templateDir = join(TEMPLATES_DIR, template);
  if (!/^[a-z0-9_-]+$/.test(template) || !existsSync(templateDir)) {
    throw new AeroError('AERO_CONFIG_USAGE', `unknown template "${template}"`, { details: { template, available: availableTemplates() }, hint: `Use one of: ${availableTemplates().join(', ')}.` });
  }
  assertEmptyOrForced(root, options.force ?? false);

  mkdirSync(root, { recursive: true });
  const files = copyTemplate(templateDir, root).sort();
  const keysFile = keysFilePath(root);
  const keysCreated = createProjectKeys(root);
  const migrateOptions: Parameters<typeof runMigrateUp>[0] = { dir: root, cwd };
  if (options.clock) migrateOptions.clock = options.clock;
  if (options.onProgress) migrateOptions.onProgress = options.onProgress;
  const migrate = await runMigrateUp(migrateOptions);

  const shown = relative(cwd, root) || '.';
  const nextSteps = [
    ...(shown === '.' ? [] : [`cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`]),
    'npx aerodb serve          # the REST API on http://127.0.0.1:7420 (prints the API keys)',
    'npx aerodb migrate status',
    `npx aerodb explain posts '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}'`,
    'npx aerodb migrate new add_something   # then edit it and run: npx aerodb migrate up',
  ];
  return { root, template, files, keys_file: relative(root, keysFile), keys_created: keysCreated, migrate, next_steps: nextSteps };
}

function assertEmptyOrForced(root: string, force: boolean): void {
  if (!existsSync(root)) return;
  if (!statSync(root).isDirectory()) {
    throw new AeroError('AERO_CONFIG_PROJECT_EXISTS', `${root} exists and is not a directory`, { details: { dir: root }, hint: 'Choose another path for the project.' });
  }
  const entries = readdirSync(root).sort();
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, ... (${entries.length} entries)` : '');
    throw new AeroError('AERO_CONFIG_PROJECT_EXISTS', `${root} is not empty (${shown})`, {
      details: { dir: root, entries: entries.slice(0, 20) },
      hint: 'Choose an empty directory, or pass --force to scaffold into it anyway (template files are overwritten, existing keys are kept).',
    });
  }
}

function copyTemplate(from: string, to: string, base = to): string[] {
  const written: string[] = [];
  for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const source = join(from, entry.name);
    const target = join(to, RENAMED[entry.name] ?? entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      written.push(...copyTemplate(source, target, base));
    } else {
      copyFileSync(source, target);
      written.push(relative(base, target));
    }
  }
  return written;
}

function availableTemplates(): string[] {
  return existsSync(TEMPLATES_DIR) ? readdirSync(TEMPLATES_DIR).filter((n) => statSync(join(TEMPLATES_DIR, n)).isDirectory()).sort() : [];
}
