import { Args, Flags } from '@oclif/core';
import { AeroCommand, dirFlag, EXIT_FAILED } from '../cli/base-command.js';
import { renderExplainTree } from '../cli/explain-tree.js';

export default class Explain extends AeroCommand {
  static override summary = 'Show the deterministic plan for a query (and run it with --analyze).';
  static override description = `Plans QUERY (a JSON query object: filter, sort, limit, ...) against COLLECTION exactly as the engine would: which scan and index, the bounds, residual predicates, sort, limit, row-level security and the indexes it rejected and why. The plan depends only on the query and the declared indexes, so the output is byte-identical across runs. --json prints the engine's explain document unchanged. A query the engine would reject prints the rejection with its fix and exits 1.`;
  static override examples = [
    `<%= config.bin %> explain posts '{"filter":{"status":"published"},"sort":[{"field":"created_at","order":"desc"}],"limit":20}'`,
    `<%= config.bin %> explain posts '{"filter":{"author_id":"u1"},"limit":10}' --analyze`,
    `<%= config.bin %> explain users '{"filter":{"email":"a@example.com"},"limit":1}' --json`,
  ];
  static override enableJsonFlag = true;
  static override args = {
    collection: Args.string({ description: 'collection to query', required: true }),
    query: Args.string({ description: 'the query object as JSON, e.g. \'{"filter":{"status":"published"},"limit":20}\'', required: true }),
  };
  static override flags = {
    dir: dirFlag,
    analyze: Flags.boolean({ description: 'also run the query and report documents scanned/returned and the duration', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(Explain);
    const { explainQuery } = await import('../services/explain-query.js');
    const options: Parameters<typeof explainQuery>[0] = { collection: args.collection, query: args.query, analyze: flags.analyze };
    if (flags.dir !== undefined) options.dir = flags.dir;
    const explain = await explainQuery(options);
    if (this.jsonEnabled()) this.logJson(explain);
    else this.say(renderExplainTree(explain));
    if (!explain.accepted) this.exit(EXIT_FAILED);
  }
}
