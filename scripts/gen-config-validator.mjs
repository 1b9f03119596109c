// Writes src/config/config-validator.generated.ts from the built config-validator-source.js.
//   npm run gen:config-validator
import { writeFileSync } from 'node:fs';

const { configValidatorSource } = await import(new URL('../dist/config/config-validator-source.js', import.meta.url).href);
const target = new URL('../src/config/config-validator.generated.ts', import.meta.url);
writeFileSync(target, configValidatorSource());
console.log(`wrote ${target.pathname}`);
