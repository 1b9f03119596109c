import { AeroCommand, dirFlag, EXIT_FAILED } from '../../cli/base-command.js';
import { renderDrift, renderProblem } from '../../cli/migration-status-view.js';

export default class MigrateVerify extends AeroCommand {
  static override summary = 'Check applied migrations against their files and schemas/ (exit 1 on any problem).';
  static override description = `Fails (exit 1) when an applied migration file was modified (printing the expected and actual checksum) or is missing, when a pending migration sorts below an applied one, or when schemas/*.json drifted from the applied schemas; each problem comes with the command that fixes it. Prints a one-line summary and exits 0 otherwise. Checksums ignore CRLF vs LF, so a Windows checkout is not "modified".`;
  static override examples = ['<%= config.bin %> migrate verify', '<%= config.bin %> migrate verify --json'];
  static override enableJsonFlag = true;
  static override flags = { dir: dirFlag };

  async run() {
    const { flags } = await this.parse(MigrateVerify);
    const { verifyMigrations } = await import('../../services/migrate-status.js');
    const report = await verifyMigrations(flags.dir === undefined ? {} : { dir: flags.dir });
    if (this.jsonEnabled()) this.logJson(report);
    else if (report.ok) this.say(report.summary);
    else {
      const lines = [report.summary];
      for (const p of report.problems) lines.push(...renderProblem(p));
      if (!report.drift.clean) lines.push(...renderDrift(report.drift).map((l) => `  ${l}`));
      process.stderr.write(`${lines.join('\n')}\n`);
    }
    if (!report.ok) this.exit(EXIT_FAILED);
  }
}
