import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCliDoc } from '../../src/cli/cli-doc.js';
import { CONFIG_SCHEMA } from '../../src/config/config-schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('docs stay in sync with the code', () => {
  it('docs/config.md documents every aerodb.toml key with its default', () => {
    const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    const walk = (node: { properties?: Record<string, unknown> }, path: string[]): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const c = child as { type: string; default: unknown; properties?: Record<string, unknown> };
        if (c.type === 'object') {
          const hasKeys = Object.values(c.properties ?? {}).some((p) => (p as { type: string }).type !== 'object');
          if (hasKeys) expect(doc, `section [${[...path, key].join('.')}]`).toContain(`## \`[${[...path, key].join('.')}]\``);
          walk(c, [...path, key]);
        } else {
          const shown = typeof c.default === 'string' ? `\`"${c.default}"\`` : c.type === 'number' ? `\`${(c.default as number).toFixed(1)}\`` : `\`${String(c.default)}\``;
          expect(doc, `${[...path, key].join('.')}`).toMatch(new RegExp(`\\| \`${key}\` \\|[^\\n]*\\| ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`));
        }
      }
    };
    walk(CONFIG_SCHEMA, []);
  });

  it('docs/cli.md is what `npm run docs:cli` generates from the commands', async () => {
    const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    expect(await renderCliDoc(root)).toBe(doc);
  });
});
