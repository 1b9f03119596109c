// Step 1 of a build: esbuild bundles functions/<name>/index.ts (TypeScript or JavaScript, with its
// relative and npm imports) behind the guest entry into one ES module. `aerodb/function` resolves to
// this package's own helper module; the host import stays external for componentize to bind.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { AeroError } from '../../errors/aero-error.js';
import { HOST_IMPORT } from '../function-wit.js';
import { GUEST_PRELUDE, guestEntrySource } from './guest-entry.js';

export interface BundleInput {
  name: string;
  /** absolute path of functions/<name>/index.ts (or .js) */
  entry: string;
  /** paths in messages are relative to this (the project root) */
  root: string;
}

export interface BundleOutput {
  js: string;
  /** esbuild warnings, formatted file:line:col: text */
  warnings: string[];
}

const INTERNAL_NAMESPACE = 'aerodb-internal';

/** The helper module behind `import ... from 'aerodb/function'`: built JS next to this file, else its TS source. */
function helperModulePath(): string {
  const js = fileURLToPath(new URL('../../../function/index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../../../function/index.ts', import.meta.url));
}

export async function bundleFunction(input: BundleInput): Promise<BundleOutput> {
  const helper = helperModulePath();
  let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[] };
  try {
    result = await esbuild.build({
      stdin: { contents: guestEntrySource(input.entry), resolveDir: input.root, sourcefile: '<aerodb entry>', loader: 'js' },
      // message paths come out relative to this
      absWorkingDir: input.root,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import', 'default'],
      target: 'es2022',
      keepNames: true,
      legalComments: 'none',
      logLevel: 'silent',
      external: [HOST_IMPORT],
      plugins: [
        {
          name: 'aerodb-function',
          setup(build) {
            build.onResolve({ filter: /^aerodb\/function$/ }, () => ({ path: helper }));
            build.onResolve({ filter: /^aerodb-internal:prelude$/ }, () => ({ path: 'prelude', namespace: INTERNAL_NAMESPACE }));
            build.onLoad({ filter: /^prelude$/, namespace: INTERNAL_NAMESPACE }, () => ({ contents: GUEST_PRELUDE, loader: 'js' }));
          },
        },
      ],
    });
  } catch (error) {
    throw bundleError(error, input);
  }
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new AeroError('AERO_INTERNAL', `esbuild produced no output for function "${input.name}"`);
  return { js, warnings: result.warnings.map((w) => formatMessage(w, input.root)) };
}

function bundleError(error: unknown, input: BundleInput): AeroError {
  const errors = (error as esbuild.BuildFailure).errors;
  if (!Array.isArray(errors)) {
    return new AeroError('AERO_FUNCTION_BUILD_FAILED', `bundling function "${input.name}" failed: ${String((error as Error).message ?? error)}`, { details: { function: input.name }, cause: error });
  }
  const file = relative(input.root, input.entry);
  // The entry imports { handle } from the author's module: esbuild names a missing export there.
  const missing = errors.find((e) => e.location?.file === '<aerodb entry>' && /No matching export in .* for import "handle"/.test(e.text));
  if (missing) {
    return new AeroError('AERO_FUNCTION_MISSING_HANDLE', `${file} does not export a function named "handle"`, {
      details: { function: input.name, file },
      hint: `Add \`export function handle(input) { ... }\` to ${file} (a default export is not enough).`,
    });
  }
  const lines = errors.map((e) => formatMessage(e, input.root));
  const first = errors[0]?.location;
  return new AeroError('AERO_FUNCTION_BUILD_FAILED', `function "${input.name}" has ${errors.length} build error${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, {
    details: {
      function: input.name,
      errors: errors.map((e) => ({ file: e.location ? displayPath(e.location.file, input.root) : null, line: e.location?.line ?? null, column: e.location ? e.location.column + 1 : null, text: e.text })),
      ...(first ? { file: displayPath(first.file, input.root), line: first.line, column: first.column + 1 } : {}),
    },
    hint: 'Fix the errors at the positions shown and deploy again; the deployed version (if any) keeps serving.',
  });
}

/** `functions/hello/index.ts:3:14: text` (1-based column, like editors and tsc). */
function formatMessage(message: esbuild.Message, root: string): string {
  const at = message.location;
  if (!at) return message.text;
  const line = at.lineText ? `\n    ${at.lineText}\n    ${' '.repeat(at.column)}^` : '';
  return `${displayPath(at.file, root)}:${at.line}:${at.column + 1}: ${message.text}${line}`;
}

function displayPath(file: string, root: string): string {
  if (!isAbsolute(file)) return file.split(sep).join('/');
  const rel = relative(root, file);
  return rel.startsWith('..') || rel === '' ? file : rel.split(sep).join('/');
}
