import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class FunctionsLogs extends AeroCommand {
  static override summary = "Show a function's log, or follow it live.";
  static override description = `Prints the newest --limit entries of NAME's log: what the function logged (log(), console.*) tagged with its version and invocation id, and what happened to it (deploys, failed invocations with their error code, skipped schedule runs, trigger problems). With --follow it keeps printing new entries until Ctrl-C. While \`aerodb serve\` runs the entries come from it; otherwise from the data directory. --json prints one JSON object per line.`;
  static override examples = ['<%= config.bin %> functions logs hello', '<%= config.bin %> functions logs hello --follow', '<%= config.bin %> functions logs hello -n 100 --json'];
  static override args = { name: Args.string({ description: 'function name', required: true }) };
  static override flags = {
    dir: dirFlag,
    follow: Flags.boolean({ char: 'f', description: 'keep printing new entries until Ctrl-C', default: false }),
    limit: Flags.integer({ char: 'n', description: 'how many of the newest entries to print first', default: 50, min: 1, max: 1000, helpValue: 'N' }),
    json: Flags.boolean({ description: 'one JSON object per line', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(FunctionsLogs);
    const { functionLogs } = await import('../../services/functions/function-commands.js');
    const { renderLogEntry } = await import('../../cli/function-view.js');
    const { assertFunctionName } = await import('../../engine/functions/function-manifest.js');
    assertFunctionName(args.name);
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const options: Parameters<typeof functionLogs>[0] = {
        name: args.name,
        limit: flags.limit,
        follow: flags.follow,
        signal: stopping.signal,
        onEntry: (entry) => process.stdout.write(`${flags.json ? JSON.stringify(entry) : renderLogEntry(entry)}\n`),
      };
      if (flags.dir !== undefined) options.dir = flags.dir;
      const printed = await functionLogs(options);
      if (printed === 0 && !flags.follow && !flags.json) process.stdout.write(`(no log entries for ${args.name})\n`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
