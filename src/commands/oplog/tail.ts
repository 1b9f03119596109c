import { Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../../cli/base-command.js';

export default class OplogTail extends AeroCommand {
  static override summary = 'Show the newest operation-log entries, or follow new ones live.';
  static override description = `Prints the newest --limit entries of the operation log (every find, get, write, explain and migration step, with its duration, documents scanned/returned, index and status) and exits; with --follow it keeps printing new entries as they happen until Ctrl-C (exit 0). While \`aerodb serve\` runs (found through .aerodb/server.json) the entries come from its admin stream GET /admin/oplog; otherwise from the segment files in the data directory (read-only). The table shows the time in UTC; slow entries say "(slow)" and are yellow on a terminal, failed ones red. --json prints each entry as one JSON object per line, with every field (filter, explain plan, caller, request id, affected ids, LSN). See docs/observability.md.`;
  static override examples = [
    '<%= config.bin %> oplog tail',
    '<%= config.bin %> oplog tail --follow --slow',
    '<%= config.bin %> oplog tail --collection posts --operation find --since 10m --limit 50',
    '<%= config.bin %> oplog tail --since 2026-11-28T09:00:00Z --json',
  ];
  static override flags = {
    dir: dirFlag,
    follow: Flags.boolean({ char: 'f', description: 'keep printing new entries as they are recorded, until Ctrl-C', default: false }),
    slow: Flags.boolean({ description: 'only slow entries (at least [observability.slow_queries] threshold_ms)', default: false }),
    collection: Flags.string({ char: 'c', description: 'only entries of this collection', helpValue: 'NAME' }),
    operation: Flags.string({ char: 'o', description: 'only this operation: find, get, insert, update, replace, upsert, delete, explain, migration, function, auth or webhook', helpValue: 'OP' }),
    since: Flags.string({ description: 'only entries at or after this time: a duration ago (30s, 10m, 2h, 1d) or an ISO time (2026-11-28T09:30:00Z; no zone = UTC)', helpValue: 'TIME' }),
    limit: Flags.string({ char: 'n', description: 'how many of the newest matching entries to print first (1 to 10000, default 20)', helpValue: 'N' }),
    json: Flags.boolean({ description: 'one JSON object per line (every field of each entry) instead of the table', default: false }),
  };

  async run() {
    const { flags } = await this.parse(OplogTail);
    const { tailOplog } = await import('../../services/oplog/tail-oplog.js');
    const { tailTableHeader, tailTableRow } = await import('../../services/oplog/tail-table.js');
    const color = !flags.json && process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let printedHeader = false;
    const print = (text: string) => process.stdout.write(`${text}\n`);
    try {
      const options: Parameters<typeof tailOplog>[0] = {
        follow: flags.follow,
        slow: flags.slow,
        signal: stopping.signal,
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
        onEntry: (entry) => {
          if (flags.json) return print(JSON.stringify(entry));
          if (!printedHeader) {
            print(tailTableHeader());
            printedHeader = true;
          }
          print(tailTableRow(entry, color));
        },
      };
      if (flags.dir !== undefined) options.dir = flags.dir;
      if (flags.collection !== undefined) options.collection = flags.collection;
      if (flags.operation !== undefined) options.operation = flags.operation;
      if (flags.since !== undefined) options.since = flags.since;
      if (flags.limit !== undefined) options.limit = flags.limit;
      if (flags.follow && !flags.json) {
        options.onSource = (source) => {
          process.stderr.write(source.kind === 'server' ? `following ${source.url} (Ctrl-C to stop)\n` : `following ${source.dir} (no server running; Ctrl-C to stop)\n`);
          print(tailTableHeader());
          printedHeader = true;
        };
      }
      const result = await tailOplog(options);
      if (!flags.json && !printedHeader) print(tailTableHeader());
      if (!flags.json && result.entries === 0 && !flags.follow) print('(no matching entries)');
      if (result.reason === 'server closing') process.stderr.write('the server stopped; run the command again to read the files\n');
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
