// Generates docs/errors.md from the error registry (src/engine/errors/registry.ts, via dist/).
import { writeFileSync } from 'node:fs';
import { ERROR_REGISTRY } from '../dist/engine/errors/registry.js';

const areas = new Map();
for (const [code, spec] of Object.entries(ERROR_REGISTRY)) {
  const area = code.split('_')[1];
  if (!areas.has(area)) areas.set(area, []);
  areas.get(area).push([code, spec]);
}
const escape = (text) => text.replaceAll('|', '\\|');
let out = '# Error codes\n\n';
out += 'Generated from `src/engine/errors/registry.ts` by `npm run docs:errors`; do not edit by hand.\n\n';
out += 'Every error AeroDB reports carries one of these codes, a message naming the culprit, `details`, and a hint.\n';
out += 'Over HTTP it is the envelope `{"error": {"code", "message", "status", "details", "hint"}}`; the CLI prints\n';
out += '`CODE: message` followed by the hint and exits 1.\n';
for (const [area, rows] of areas) {
  out += `\n## ${area}\n\n| code | HTTP | meaning | hint |\n| --- | --- | --- | --- |\n`;
  for (const [code, spec] of rows) out += `| \`${code}\` | ${spec.status} | ${escape(spec.meaning)} | ${escape(spec.hint)} |\n`;
}
writeFileSync(new URL('../docs/errors.md', import.meta.url), out);
console.log(`docs/errors.md: ${Object.keys(ERROR_REGISTRY).length} codes`);
