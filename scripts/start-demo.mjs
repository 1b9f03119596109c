// `npm start` until the dev server lands: scaffolds a demo project into ./demo (gitignored) when it
// is absent, then shows what the CLI sees there: migration status and the plan of a query.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = fileURLToPath(new URL('../demo/', import.meta.url));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));

function aerodb(args, cwd) {
  process.stdout.write(`\n$ aerodb ${args.map((a) => (/[\s"{}]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(demo)) aerodb(['init', 'demo'], root);
else process.stdout.write(`Using the existing demo project in ${demo} (delete it to start over).\n`);
aerodb(['migrate', 'status'], demo);
aerodb(['explain', 'posts', '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}'], demo);
process.stdout.write(`\nThe project is in ./demo. Try: cd demo && npx aerodb --help\n`);
