// bench:http --in-process: the same rows without sockets or a load generator. Our createServer and
// the koa floor run in this process and are driven through in-memory connections (one client,
// requests back to back); each row alternates the two for `rounds` rounds and keeps each server's
// lowest CPU per request (the round least disturbed by the rest of the machine). The databases are
// opened without fsync: this measures CPU, and one client's inserts would each wait for a flush.
import { join } from 'node:path';
import { memoryClient, rawRequest } from './in-memory-http.mjs';
import { koaFloorServer, startAerodbServer } from './http-servers.mjs';

const REQUESTS_PER_ROUND = { get: 4000, list: 1500, insert: 400 };

/** scenarios: bench/http.mjs's rows; returns one result per row. */
export async function inProcessRows({ root, docs, rounds, scenarios, log }) {
  log(`bench:http --in-process: seeding ${docs} documents (twice: without and with the operation log) ...`);
  const servers = {
    aerodb: await startAerodbServer({ dir: join(root, 'data'), docs, fsync: false, oplog: false }),
    oplog: await startAerodbServer({ dir: join(root, 'data-oplog'), docs, fsync: false, oplog: true }),
  };
  try {
    const clients = { aerodb: memoryClient(servers.aerodb.server), oplog: memoryClient(servers.oplog.server) };
    const rows = scenarios(servers.aerodb.key);
    const bodies = {};
    for (const scenario of rows) {
      if (bodies[scenario.body] !== undefined) continue;
      const { path, body } = scenario.next(0);
      bodies[scenario.body] = bodyOf(await clients.aerodb(rawRequest(scenario.method, path, scenario.headers, body)));
    }
    const floor = await koaFloorServer(bodies);
    const floorClient = memoryClient(floor);
    const results = [];
    for (const scenario of rows) {
      const ours = clients[scenario.server ?? 'aerodb'];
      const count = REQUESTS_PER_ROUND[scenario.body];
      let sequence = 1;
      const run = async (client) => {
        const requests = Array.from({ length: count }, () => {
          const { path, body } = scenario.next(sequence++);
          return rawRequest(scenario.method, path, scenario.headers, body);
        });
        const before = process.cpuUsage();
        for (const request of requests) await client(request);
        const used = process.cpuUsage(before);
        return (used.user + used.system) / count;
      };
      log(`bench:http --in-process: ${scenario.name} (${rounds} rounds of ${count} requests each) ...`);
      await run(ours);
      await run(floorClient);
      const runs = { aerodb: [], koa: [] };
      for (let round = 0; round < rounds; round++) {
        runs.aerodb.push(await run(ours));
        runs.koa.push(await run(floorClient));
      }
      const aerodb = Math.min(...runs.aerodb);
      const koa = Math.min(...runs.koa);
      results.push({ id: scenario.id, name: scenario.name, aerodb_cpu_us_per_req: aerodb, koa_cpu_us_per_req: koa, extra_us: aerodb - koa, ratio: koa / aerodb, runs });
    }
    await new Promise((resolve) => floor.close(resolve));
    return results;
  } finally {
    await servers.aerodb.close();
    await servers.oplog.close();
  }
}

function bodyOf(response) {
  if (!/^HTTP\/1\.1 20[01] /.test(response)) throw new Error(`bench:http --in-process: ${response.slice(0, 300)}`);
  return response.slice(response.indexOf('\r\n\r\n') + 4);
}
