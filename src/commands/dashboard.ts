import { Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../cli/base-command.js';

export default class Dashboard extends AeroCommand {
  static override summary = 'Attach the interactive dashboard to a running aerodb serve.';
  static override description = `Draws the terminal dashboard (docs/dashboard.md) over a running server's admin API: overview, collections (browse documents page by page, run a JSON query beside its explain), migrations (apply the next / roll back the newest after typing its version), the live operation log, functions, realtime and the problems its watchers report. Finds the project's server through .aerodb/server.json, or attaches to --url (then with --service-key, or the project's keys). Keys: 1-7 views, arrows, ? all keys, q quits (the server keeps running). Needs a terminal; \`aerodb serve\` on a terminal shows the same dashboard in its own process.`;
  static override examples = ['<%= config.bin %> dashboard', '<%= config.bin %> dashboard --dir ./my-app', '<%= config.bin %> dashboard --url http://127.0.0.1:7420 --service-key aero_service_...'];
  static override flags = {
    dir: dirFlag,
    url: Flags.string({ description: 'URL of the server (default: the one in the project\'s .aerodb/server.json)', helpValue: 'URL' }),
    'service-key': Flags.string({ description: 'service key for the data routes and, with --url, the admin API (default: the project\'s .aerodb/keys.json)', env: 'AERODB_SERVICE_KEY', helpValue: 'KEY' }),
  };

  async run() {
    const { flags } = await this.parse(Dashboard);
    // React's production build (the development one profiles every render); this process only draws
    process.env['NODE_ENV'] ??= 'production';
    const { attachDashboard } = await import('../services/dashboard/attach-dashboard.js');
    const options: Parameters<typeof attachDashboard>[0] = { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr, env: process.env };
    if (flags.dir !== undefined) options.dir = flags.dir;
    if (flags.url !== undefined) options.url = flags.url;
    if (flags['service-key'] !== undefined) options.serviceKey = flags['service-key'];
    await attachDashboard(options);
  }
}
