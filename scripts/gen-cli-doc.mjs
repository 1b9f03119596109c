// Generates docs/cli.md from the oclif metadata of the built commands (dist/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCliDoc } from '../dist/cli/cli-doc.js';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/cli.md', import.meta.url), await renderCliDoc(root));
console.log('docs/cli.md written');
