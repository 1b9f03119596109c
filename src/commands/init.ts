import { Args, Flags } from '@oclif/core';
import { AeroCommand } from '../cli/base-command.js';
import { migrationProgress } from '../cli/step-progress.js';

export default class Init extends AeroCommand {
  static override summary = 'Create a project: config, first migration, example function, API keys.';
  static override description = `Scaffolds DIR (default: the current directory) from a template: aerodb.toml with every section, migrations/001_init.aeromigration.json (users, posts, comments with indexes, references, a text index, row-level security and a projection), functions/hello/, .gitignore and a README. Creates .aerodb/keys.json (mode 0600) with the anon and service API keys and the JWT secret, applies 001 (which writes schemas/*.json) and prints the next steps. Refuses a non-empty directory unless --force.`;
  static override examples = ['<%= config.bin %> init my-app', '<%= config.bin %> init . --force', '<%= config.bin %> init my-app --json'];
  static override enableJsonFlag = true;
  static override args = {
    dir: Args.string({ description: 'directory to create the project in (created if missing)', required: false }),
  };
  static override flags = {
    template: Flags.string({ description: 'project template', default: 'basic', options: ['basic'] }),
    force: Flags.boolean({ description: 'scaffold into a non-empty directory (template files are overwritten; existing keys are kept)', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(Init);
    const { initProject } = await import('../services/init-project.js');
    const options: Parameters<typeof initProject>[0] = { template: flags.template, force: flags.force };
    if (args.dir !== undefined) options.dir = args.dir;
    const progress = migrationProgress(this.jsonEnabled());
    if (progress) options.onProgress = progress;
    const report = await initProject(options);
    const applied = report.migrate.steps.map((s) => `${s.version}_${s.name}`).join(', ') || 'nothing (already applied)';
    this.say(
      [
        `Created an AeroDB project in ${report.root}`,
        `  files: ${report.files.join(', ')}`,
        `  keys:  ${report.keys_file} (${report.keys_created ? 'new, mode 0600' : 'kept the existing keys'})`,
        `  applied: ${applied}; wrote ${report.migrate.schema_files.written.map((f) => `schemas/${f}`).join(', ') || 'no schema files'}`,
        '',
        'Next steps:',
        ...report.next_steps.map((s) => `  ${s}`),
      ].join('\n'),
    );
    return report;
  }
}
