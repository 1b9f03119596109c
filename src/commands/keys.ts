import { AeroCommand, dirFlag } from '../cli/base-command.js';

export default class Keys extends AeroCommand {
  static override summary = "Print the project's anon and service API keys.";
  static override description = `Reads .aerodb/keys.json (created by \`aerodb init\`, or by \`aerodb serve\` when a project has none) and prints both keys. Send one in the \`apikey\` header. The service key has full access and belongs on servers only; the anon key is for browsers and can do what each collection's row-level security policies allow (add \`Authorization: Bearer <jwt>\`, see \`aerodb token\`, to act as a signed-in user). --json prints {"anon": ..., "service": ...}.`;
  static override examples = ['<%= config.bin %> keys', '<%= config.bin %> keys --json', '<%= config.bin %> keys --dir ./my-app'];
  static override enableJsonFlag = true;
  static override flags = { dir: dirFlag };

  async run() {
    const { flags } = await this.parse(Keys);
    const { showProjectKeys } = await import('../services/project-keys.js');
    const keys = showProjectKeys(flags.dir === undefined ? {} : { dir: flags.dir });
    this.say([`anon     ${keys.anon}`, `service  ${keys.service}  (full access: server-side only)`].join('\n'));
    return keys;
  }
}
