import { Args } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';
import { renderRunReport } from '../../cli/migration-run-view.js';
import { migrationProgress } from '../../cli/step-progress.js';

export default class MigrateDown extends AeroCommand {
  static override summary = 'Roll back to VERSION by running the down of every newer applied migration.';
  static override description = `Runs the "down" operations of every applied migration above VERSION, newest first, each as one atomic unit. "000" rolls back everything. Refuses while an applied file is modified or missing. The history keeps each rolled-back migration (direction "down"). Rewrites schemas/*.json afterwards.`;
  static override examples = ['<%= config.bin %> migrate down 001', '<%= config.bin %> migrate down 000', '<%= config.bin %> migrate down 003 --json'];
  static override enableJsonFlag = true;
  static override args = {
    version: Args.string({ description: 'the version to keep (every applied migration above it is rolled back)', required: true }),
  };
  static override flags = { dir: dirFlag };

  async run() {
    const { args, flags } = await this.parse(MigrateDown);
    const { runMigrateDown } = await import('../../services/migrate-apply.js');
    const options: Parameters<typeof runMigrateDown>[0] = { target: args.version };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const progress = migrationProgress(this.jsonEnabled());
    if (progress) options.onProgress = progress;
    const report = await runMigrateDown(options);
    this.say(renderRunReport(report));
    return report;
  }
}
