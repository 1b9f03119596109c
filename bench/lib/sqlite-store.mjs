// The SQLite baseline: the same documents as JSON text in one table, with an expression index on the
// same field AeroDB indexes, WAL mode and synchronous=FULL (durable at every commit, like AeroDB's
// fsync:true). Reads JSON.parse the body because a document store hands back objects.
import { createRequire } from 'node:module';
import { COLLECTION } from './documents.mjs';

const require = createRequire(import.meta.url);

export const BETTER_SQLITE3_VERSION = require('better-sqlite3/package.json').version;

/** SQLite's page cache, sized to hold the read data set (the default 2 MB would favour AeroDB). */
const CACHE_KIB = 256 * 1024;

export class SqliteDocStore {
  #db;
  #insertStmt;
  #getStmt;
  #findStmt;
  #allStmt;
  #insertMany;

  constructor(path) {
    const Database = require('better-sqlite3');
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma(`cache_size = -${CACHE_KIB}`);
    this.#db.exec(`CREATE TABLE IF NOT EXISTS ${COLLECTION} (id TEXT PRIMARY KEY, body TEXT NOT NULL)`);
    this.#db.exec(
      `CREATE INDEX IF NOT EXISTS ${COLLECTION}_category ON ${COLLECTION} (json_extract(body, '$.category'), id)`,
    );
    this.#insertStmt = this.#db.prepare(`INSERT INTO ${COLLECTION} (id, body) VALUES (?, ?)`);
    this.#getStmt = this.#db.prepare(`SELECT body FROM ${COLLECTION} WHERE id = ?`).pluck();
    this.#findStmt = this.#db
      .prepare(`SELECT body FROM ${COLLECTION} WHERE json_extract(body, '$.category') = ? ORDER BY id LIMIT ?`)
      .pluck();
    this.#allStmt = this.#db.prepare(`SELECT body FROM ${COLLECTION}`).pluck();
    this.#insertMany = this.#db.transaction((docs) => {
      for (const doc of docs) this.#insertStmt.run(doc._id, JSON.stringify(doc));
    });
  }

  get sqliteVersion() {
    return this.#db.prepare('SELECT sqlite_version()').pluck().get();
  }

  /** one autocommit transaction: durable on return */
  insertOne(doc) {
    this.#insertStmt.run(doc._id, JSON.stringify(doc));
  }

  /** one transaction for the whole batch */
  insertBatch(docs) {
    this.#insertMany(docs);
  }

  get(id) {
    const body = this.#getStmt.get(id);
    return body === undefined ? null : JSON.parse(body);
  }

  findByCategory(category, limit) {
    return this.#findStmt.all(category, limit).map((body) => JSON.parse(body));
  }

  /** every document parsed into a Map by _id: what an in-memory document store has to build */
  loadAll() {
    const docs = new Map();
    for (const body of this.#allStmt.iterate()) {
      const doc = JSON.parse(body);
      docs.set(doc._id, doc);
    }
    return docs;
  }

  close() {
    this.#db.close();
  }
}
