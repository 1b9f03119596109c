import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class MigrateResolve extends AeroCommand {
  static override summary = 'Accept an edited applied migration file, with a reason kept in the history.';
  static override description = `When an applied migration file was edited on purpose (a comment, a fixed "down"), this records the file's new checksum for VERSION and appends {resolved_at, reason, previous_checksum, checksum} to its history row. The applied schema and the data are not touched: nothing is reset, nothing is lost. If the edit changes what "up" does, write a new migration instead.`;
  static override examples = ['<%= config.bin %> migrate resolve 002 --accept-modified --reason "reformatted the file"'];
  static override enableJsonFlag = true;
  static override args = {
    version: Args.string({ description: 'the applied migration whose edited file to accept', required: true }),
  };
  static override flags = {
    dir: dirFlag,
    'accept-modified': Flags.boolean({ description: 'accept the file as it is now (required: the explicit acknowledgement)', required: true }),
    reason: Flags.string({ description: 'why the edit is accepted (stored in the history)', required: true }),
  };

  async run() {
    const { args, flags } = await this.parse(MigrateResolve);
    const { resolveModified } = await import('../../services/migrate-resolve.js');
    const options: Parameters<typeof resolveModified>[0] = { version: args.version, reason: flags.reason };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const result = await resolveModified(options);
    this.say(
      result.changed
        ? `Resolved ${result.version} ${result.name}: recorded ${result.checksum} (was ${result.previous_checksum}).`
        : `${result.version} ${result.name} is not modified (${result.checksum}); nothing to resolve.`,
    );
    return result;
  }
}
