import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class MigrateNew extends AeroCommand {
  static override summary = 'Write the next-numbered migration file (a skeleton, or a draft from edited schemas/).';
  static override description = `Creates migrations/NNN_NAME.aeromigration.json with the next free version. By default it is a skeleton with empty "up" and "down" to fill in. With --from-schemas it holds the operations that turn the applied schemas into the hand-edited schemas/*.json (and their inverse as "down"). The file is only written for review: nothing is applied until you run \`aerodb migrate up\`.`;
  static override examples = [
    '<%= config.bin %> migrate new add_email_verified',
    '<%= config.bin %> migrate new "add bio to users" --from-schemas',
  ];
  static override enableJsonFlag = true;
  static override args = {
    name: Args.string({ description: 'what the migration does (becomes snake_case in the file name)', required: true }),
  };
  static override flags = {
    dir: dirFlag,
    'from-schemas': Flags.boolean({ description: 'draft the operations from the differences between schemas/*.json and the applied schemas', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(MigrateNew);
    const { createMigration } = await import('../../services/migrate-new.js');
    const options: Parameters<typeof createMigration>[0] = { name: args.name, fromSchemas: flags['from-schemas'] };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const report = await createMigration(options);
    if (!report.created) this.say('Nothing to draft: schemas/*.json matches the applied schemas. No file was written.');
    else {
      this.say(
        [
          `Created ${report.file}${flags['from-schemas'] ? ` with ${report.up.length} drafted operation${report.up.length === 1 ? '' : 's'}` : ' (empty skeleton)'}.`,
          'Review it (especially "down"), then apply it with: aerodb migrate up',
        ].join('\n'),
      );
    }
    return report;
  }
}
