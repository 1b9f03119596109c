import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class FunctionsInvoke extends AeroCommand {
  static override summary = 'Invoke a deployed function with a JSON input and print what it returns.';
  static override description = `Runs NAME's deployed version once with --data as its input (any JSON; default null), as the service caller, with the same limits, capabilities and recording as any invocation, and prints handle's result with the invocation id (for \`aerodb functions replay\`). While \`aerodb serve\` runs, it invokes through the server; otherwise it opens the data directory itself. A failing invocation prints its error (AERO_FUNCTION_TIMEOUT, _MEMORY, _TRAP, _ERROR, _REJECTED) and exits 1.`;
  static override examples = [`<%= config.bin %> functions invoke hello --data '{"name":"Ada"}'`, '<%= config.bin %> functions invoke cleanup --json'];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'function name', required: true }) };
  static override flags = {
    dir: dirFlag,
    data: Flags.string({ char: 'd', description: "the input as JSON, e.g. '{\"name\":\"Ada\"}'", helpValue: 'JSON' }),
  };

  async run() {
    const { args, flags } = await this.parse(FunctionsInvoke);
    const { invokeFunction } = await import('../../services/functions/function-commands.js');
    const { renderInvocation } = await import('../../cli/function-view.js');
    const options: Parameters<typeof invokeFunction>[0] = { name: args.name, data: flags.data };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const result = await invokeFunction(options);
    if (this.jsonEnabled()) this.logJson(result);
    else this.say(renderInvocation(result));
  }
}
