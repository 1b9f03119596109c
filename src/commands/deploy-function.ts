import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag, EXIT_FAILED } from '../cli/base-command.js';

export default class DeployFunction extends AeroCommand {
  static override summary = 'Build a function into a sandboxed WebAssembly component and deploy it.';
  static override description = `Builds functions/NAME (index.ts exporting handle(input), and function.json) in four steps, each timed: bundle (esbuild: TypeScript/JavaScript and its imports into one module; errors name file:line:col), componentize (a QuickJS WebAssembly component against the aerodb:function world, WASI stubbed), transpile (core modules + glue; the import list must be exactly aerodb:function/host, and every memory is capped at memory_mb), verify (the modules compile). The artifact is stored in the data directory with its sha256 and the next version number, and becomes the current version. A failure at any step deploys nothing and the previous version keeps serving; a build identical to the current version (same bundle and function.json) is reported as unchanged. While \`aerodb serve\` runs, the deploy goes through its admin API and the new version is swapped in atomically (invocations in flight finish on the old one). See docs/functions.md.`;
  static override examples = ['<%= config.bin %> deploy-function hello', '<%= config.bin %> deploy-function --all', '<%= config.bin %> deploy-function hello --json'];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = {
    name: Args.string({ description: 'function to deploy (a directory under functions/); several may be given' }),
  };
  static override flags = {
    dir: dirFlag,
    all: Flags.boolean({ description: 'deploy every function in functions/', default: false }),
  };

  async run() {
    const { argv, flags } = await this.parse(DeployFunction);
    const names = argv as string[];
    const { AeroError } = await import('../engine/errors/aero-error.js');
    if (flags.all === (names.length > 0)) {
      throw new AeroError('AERO_CONFIG_USAGE', flags.all ? '--all deploys every function: give no names with it' : 'name the function to deploy, or pass --all', {
        hint: 'aerodb deploy-function hello   |   aerodb deploy-function --all',
      });
    }
    const { deployFunctions } = await import('../services/functions/function-commands.js');
    const { renderDeployOutcome, renderStepProgress } = await import('../cli/function-view.js');
    const { BUILD_STEPS } = await import('../engine/functions/compile/build-function.js');
    const progress = !this.jsonEnabled() && process.stderr.isTTY === true;
    const options: Parameters<typeof deployFunctions>[0] = { names: flags.all ? 'all' : names };
    if (flags.dir !== undefined) options.dir = flags.dir;
    if (progress) {
      options.onStep = (name, event) => {
        const index = BUILD_STEPS.indexOf(event.step);
        process.stderr.write(event.phase === 'start' ? `\r\x1b[2K${renderStepProgress(name, event.step, index, BUILD_STEPS.length)}` : '\r\x1b[2K');
      };
    }
    const { mode, outcomes } = await deployFunctions(options);
    if (this.jsonEnabled()) this.logJson(outcomes);
    else this.say(outcomes.map((outcome) => renderDeployOutcome(outcome, mode)).join('\n\n'));
    if (outcomes.some((outcome) => !outcome.ok)) this.exit(EXIT_FAILED);
  }
}
