import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/database.js';
import type { Database } from '../../../src/engine/database-types.js';
import type { OperationLog } from '../../../src/engine/oplog/operation-log.js';
import type { OplogEntry } from '../../../src/engine/oplog/oplog-entry.js';
import { TempDirs } from '../database/temp-dirs.js';
import { openWithOplog, SteppingClock, USERS } from './oplog-fixture.js';

const temp = new TempDirs();
const open: Database[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  temp.removeAll();
});

interface Receiver {
  url: string;
  bodies: string[];
  /** requests received but not answered (the hanging receiver) */
  waiting: number;
}

async function receiver(answer: 'ok' | '500' | 'hang'): Promise<Receiver> {
  const state: Receiver = { url: '', bodies: [], waiting: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (answer === 'hang') {
        state.waiting++;
        return;
      }
      res.writeHead(answer === 'ok' ? 204 : 500).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  return state;
}

async function setup(url: string, extra: Record<string, number> = {}): Promise<Database> {
  const db = await openWithOplog(temp.make('aerodb-oplog-'), { clock: new SteppingClock(5), slowQueries: { thresholdMs: 0, alertWebhook: url, ...extra } });
  open.push(db);
  return db;
}

const logOf = (db: Database) => db.oplog as OperationLog;
const entriesOf = (db: Database): OplogEntry[] => db.oplog!.recent(1000).map((e) => JSON.parse(e.line) as OplogEntry);

describe('slow-query webhook', () => {
  it('POSTs each slow entry as JSON to a local receiver', async () => {
    const rx = await receiver('ok');
    const db = await setup(rx.url);
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    await db.insert('users', { _id: 'u1', name: 'A' });
    await db.get('users', 'u1');
    await logOf(db).settleWebhook();
    const sent = rx.bodies.map((b) => JSON.parse(b) as OplogEntry);
    expect(sent.map((e) => e.operation)).toEqual(['migration', 'insert', 'get']);
    expect(sent).toEqual(entriesOf(db));
    expect(db.oplog!.stats().webhook).toMatchObject({ delivered: 3, failed: 0, dropped: 0 });
  });

  it('logs a receiver answering 500 as a webhook entry and carries on', async () => {
    const rx = await receiver('500');
    const db = await setup(rx.url);
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    await logOf(db).settleWebhook();
    const entries = entriesOf(db);
    expect(entries.map((e) => e.operation)).toEqual(['migration', 'webhook']);
    const failure = entries[1]!;
    expect(failure).toMatchObject({
      collection: 'users',
      status: 'error',
      error_code: 'AERO_OPLOG_WEBHOOK_FAILED',
      slow: false,
      source: 'internal',
      detail: `alert for ${entries[0]!._id}`,
    });
    expect(failure.error_message).toContain('answered HTTP 500');
    // a failure entry never triggers an alert of its own
    expect(rx.bodies).toHaveLength(1);
  });

  it('a hanging receiver does not hold up operations: deliveries time out, extras are dropped, all logged', async () => {
    const rx = await receiver('hang');
    const db = await setup(rx.url, { webhookTimeoutMs: 1500, webhookMaxInFlight: 2 });
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    for (let i = 0; i < 6; i++) await db.insert('users', { _id: `u${i}`, name: 'x' });
    await db.oplog!.flush();
    // every operation has completed while its alert (if any) is still unanswered
    expect(db.oplog!.stats().webhook).toMatchObject({ in_flight: 2, dropped: 5, delivered: 0 });
    await logOf(db).settleWebhook();
    expect(rx.waiting).toBe(2);
    const failures = entriesOf(db).filter((e) => e.operation === 'webhook');
    expect(failures.map((e) => e.error_message!.includes('dropped') ? 'dropped' : e.error_message!.includes('no answer within 1500 ms') ? 'timeout' : e.error_message)).toEqual([
      'dropped', 'dropped', 'dropped', 'dropped', 'dropped', 'timeout', 'timeout',
    ]);
    expect(db.oplog!.stats().webhook).toMatchObject({ in_flight: 0, failed: 2, dropped: 5 });
  });

  it('an unreachable receiver is logged as a network failure', async () => {
    const rx = await receiver('ok');
    const url = rx.url;
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const db = await setup(url);
    await db.applySchemaOps([{ op: 'create_collection', schema: USERS }]);
    await logOf(db).settleWebhook();
    const [failure] = entriesOf(db).filter((e) => e.operation === 'webhook');
    expect(failure!.error_message).toMatch(/failed \(ECONNREFUSED/);
  });

  it('an invalid webhook URL fails at open with a config error naming the key, and leaves the directory usable', async () => {
    const dir = temp.make('aerodb-oplog-');
    for (const url of ['not a url', 'ftp://example.com/x']) {
      await expect(openDatabase({ dir, fsync: false, oplog: { slowQueries: { alertWebhook: url } } })).rejects.toMatchObject({
        code: 'AERO_CONFIG_INVALID',
        details: { key: 'observability.slow_queries.alert_webhook', value: url },
      });
    }
    const db = await openDatabase({ dir, fsync: false });
    await db.close();
  });
});
