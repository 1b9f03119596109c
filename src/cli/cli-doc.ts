import { Config, type Command } from '@oclif/core';

/**
 * docs/cli.md, rendered from the commands' own oclif metadata (summary, description, args, flags,
 * examples) so the reference cannot drift from `--help`.
 */
export async function renderCliDoc(root: string): Promise<string> {
  const config = await Config.load({ root });
  const commands = [...config.commands].filter((c) => !c.hidden).sort((a, b) => (a.id < b.id ? -1 : 1));
  const out: string[] = [
    '# CLI reference',
    '',
    'Generated from the commands\' oclif metadata by `npm run docs:cli`; do not edit by hand.',
    '',
    `Every command exits **0** on success, **1** when it failed (an \`AERO_*\` error: \`CODE: message\` then the hint, on stderr), and **2** on a usage error (unknown command or flag, missing argument). Commands with \`--json\` print one JSON document on stdout (errors as \`{"error": {code, message, status, details, hint}}\`) and no progress output. Project commands find the project by searching for \`aerodb.toml\` upward from the current directory, or from \`--dir\`.`,
    '',
    ...commands.map((c) => `- [\`${config.bin} ${displayId(c)}\`](#${anchor(`${config.bin} ${displayId(c)}`)})`),
  ];
  for (const c of commands) out.push('', ...commandSection(config.bin, c));
  return `${out.join('\n')}\n`;
}

function commandSection(bin: string, c: Command.Loadable): string[] {
  const lines = [`## ${bin} ${displayId(c)}`, '', c.summary ?? '', ''];
  if (c.description) lines.push(c.description, '');
  const args = Object.entries(c.args ?? {});
  const flags = Object.entries(c.flags ?? {}).filter(([, f]) => !f.hidden);
  const usage = [bin, displayId(c), ...args.map(([n, a]) => (a.required ? n.toUpperCase() : `[${n.toUpperCase()}]`))];
  if (flags.length) usage.push('[FLAGS]');
  lines.push('```', usage.join(' '), '```', '');
  if (args.length) {
    lines.push('| argument | description |', '| --- | --- |');
    for (const [name, a] of args) lines.push(`| \`${name.toUpperCase()}\`${a.required ? '' : ' (optional)'} | ${cell(a.description ?? '')} |`);
    lines.push('');
  }
  if (flags.length) {
    lines.push('| flag | description |', '| --- | --- |');
    for (const [name, f] of flags.sort(([a], [b]) => (a < b ? -1 : 1))) {
      const value = f.type === 'option' ? `=${f.helpValue ?? (f.options ? f.options.join('\\|') : 'VALUE')}` : '';
      const extras = [f.required ? 'required' : '', f.default !== undefined && f.type === 'option' ? `default: \`${String(f.default)}\`` : ''].filter(Boolean);
      lines.push(`| \`--${name}${value}\` | ${cell(f.description ?? f.summary ?? '')}${extras.length ? ` (${extras.join(', ')})` : ''} |`);
    }
    lines.push('');
  }
  const examples = (c.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command));
  if (examples.length) lines.push('Examples:', '', '```sh', ...examples.map((e) => `$ ${e.replaceAll('<%= config.bin %>', bin)}`), '```');
  return lines;
}

function displayId(c: Command.Loadable): string {
  return c.id.split(':').join(' ');
}

function anchor(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
