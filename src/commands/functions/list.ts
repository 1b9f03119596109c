import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class FunctionsList extends AeroCommand {
  static override summary = 'List the functions in functions/ and their deployed versions.';
  static override description = `One row per function found in functions/ or deployed in the data directory: the current version, its status (deployed, not deployed, source missing), the artifact sha256, when it was deployed and its triggers. While \`aerodb serve\` runs the list comes from it. --json prints every field (limits, capabilities, env allowlist, artifact size).`;
  static override examples = ['<%= config.bin %> functions list', '<%= config.bin %> functions list --json'];
  static override enableJsonFlag = true;
  static override flags = { dir: dirFlag };

  async run() {
    const { flags } = await this.parse(FunctionsList);
    const { listFunctions } = await import('../../services/functions/function-commands.js');
    const { renderFunctionList } = await import('../../cli/function-view.js');
    const functions = await listFunctions(flags.dir === undefined ? {} : { dir: flags.dir });
    if (this.jsonEnabled()) this.logJson(functions);
    else this.say(renderFunctionList(functions));
  }
}
