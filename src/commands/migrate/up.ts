import { Args } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';
import { renderRunReport } from '../../cli/migration-run-view.js';
import { migrationProgress } from '../../cli/step-progress.js';

export default class MigrateUp extends AeroCommand {
  static override summary = 'Apply pending migrations in order (through VERSION).';
  static override description = `Applies every pending migration in version order, or only through VERSION. Each migration is one atomic unit: after a crash the database is exactly before or exactly after it. Refuses to start (and applies nothing) while an applied file is modified or missing, or a pending version sorts below an applied one; the message names the exact command that fixes it. Rewrites schemas/*.json afterwards.`;
  static override examples = ['<%= config.bin %> migrate up', '<%= config.bin %> migrate up 002', '<%= config.bin %> migrate up --dir ./my-app --json'];
  static override enableJsonFlag = true;
  static override args = {
    version: Args.string({ description: 'apply pending migrations up to and including this version (default: all)', required: false }),
  };
  static override flags = { dir: dirFlag };

  async run() {
    const { args, flags } = await this.parse(MigrateUp);
    const { runMigrateUp } = await import('../../services/migrate-apply.js');
    const options: Parameters<typeof runMigrateUp>[0] = {};
    if (flags.dir !== undefined) options.dir = flags.dir;
    if (args.version !== undefined) options.target = args.version;
    const progress = migrationProgress(this.jsonEnabled());
    if (progress) options.onProgress = progress;
    const report = await runMigrateUp(options);
    this.say(renderRunReport(report));
    return report;
  }
}
