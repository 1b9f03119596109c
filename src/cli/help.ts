import { Help, type Command } from '@oclif/core';

/**
 * Root help lists every command (including `migrate *`) with its summary and first example, so
 * `aerodb --help` alone shows what the tool can do. Command help stays oclif's.
 */
export default class AeroHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    this.log(this.formatRoot());
    this.log('');
    this.log(this.formatAllCommands(this.sortedCommands.filter((c) => c.id && !c.hidden)));
    this.log('');
    this.log(`Run ${this.config.bin} COMMAND --help for every flag and more examples. Exit codes: 0 ok, 1 failed, 2 usage error.`);
  }

  private formatAllCommands(commands: Command.Loadable[]): string {
    const blocks = commands.map((c) => {
      const id = c.id.split(':').join(' ');
      const args = Object.entries(c.args ?? {}).map(([name, arg]) => (arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`));
      const example = firstExample(c.examples);
      return [
        `  ${this.config.bin} ${[id, ...args].join(' ')}`,
        `      ${c.summary ?? c.description?.split('\n')[0] ?? ''}`,
        ...(example ? [`      $ ${this.render(example).replace(/^\$ /, '')}`] : []),
      ].join('\n');
    });
    return ['COMMANDS', blocks.join('\n\n')].join('\n');
  }
}

function firstExample(examples: Command.Loadable['examples']): string | undefined {
  const first = examples?.[0];
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.command;
}
