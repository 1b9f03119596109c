import { AeroCommand, dirFlag } from '../../cli/base-command.js';
import { renderMigrationStatus } from '../../cli/migration-status-view.js';

export default class MigrateStatus extends AeroCommand {
  static override summary = 'Show each migration as applied, pending, modified or missing, and schema drift.';
  static override description = `Lists every migration (files and history) with its state: applied, pending, modified (the file's checksum differs from the one recorded when it was applied) or missing (applied, file gone); a pending migration below an applied one is flagged out of order. Then compares schemas/*.json with the applied schemas field by field (drift). Exits 0 either way; use \`migrate verify\` as a CI gate.`;
  static override examples = ['<%= config.bin %> migrate status', '<%= config.bin %> migrate status --json', '<%= config.bin %> migrate status --dir ./my-app'];
  static override enableJsonFlag = true;
  static override flags = { dir: dirFlag };

  async run() {
    const { flags } = await this.parse(MigrateStatus);
    const { migrationStatus } = await import('../../services/migrate-status.js');
    const report = await migrationStatus(flags.dir === undefined ? {} : { dir: flags.dir });
    this.say(renderMigrationStatus(report));
    return report;
  }
}
