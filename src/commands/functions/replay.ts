import { Args } from '@oclif/core';
import { AeroCommand, dirFlag, EXIT_FAILED } from '../../cli/base-command.js';

export default class FunctionsReplay extends AeroCommand {
  static override summary = 'Run a recorded invocation again and report whether its output matches.';
  static override description = `Every invocation is recorded (input, the fixed now, the random seed, the caller, the deployed version, a transcript of its host calls and the sha256 of its output). replay runs that version again with the same input, now and seed against the current database state: reads run for real, writes are answered from the record and not applied. It prints MATCH when the output is byte-identical, else DIFFERENT with the first host call that went differently (e.g. a read that now returns other data), and exits 1. Invocation ids (inv_...) appear in \`aerodb functions logs\`, in invoke output and in the operation log's request_id.`;
  static override examples = ['<%= config.bin %> functions replay inv_000000000000002a', '<%= config.bin %> functions replay inv_000000000000002a --json'];
  static override enableJsonFlag = true;
  static override args = { invocation: Args.string({ description: 'invocation id (inv_ + 16 hex digits)', required: true }) };
  static override flags = { dir: dirFlag };

  async run() {
    const { args, flags } = await this.parse(FunctionsReplay);
    const { replayFunctionInvocation } = await import('../../services/functions/function-commands.js');
    const { renderReplay } = await import('../../cli/function-view.js');
    const options: Parameters<typeof replayFunctionInvocation>[0] = { invocationId: args.invocation };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const report = await replayFunctionInvocation(options);
    if (this.jsonEnabled()) this.logJson(report);
    else this.say(renderReplay(report));
    if (!report.matches) this.exit(EXIT_FAILED);
  }
}
