// The SQLite side of bench/relations.mjs: the same documents as JSON text, real foreign keys with
// ON DELETE CASCADE and an index on the referencing column, and an FTS5 table (porter + unicode61
// tokenizer) ranked with bm25() using the same column weights (title 2, body 1). WAL mode,
// synchronous=FULL, a page cache that holds the data set. Reads JSON.parse what they return.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CACHE_KIB = 512 * 1024;

export class SqliteRelations {
  #db;

  constructor(path) {
    const Database = require('better-sqlite3');
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma(`cache_size = -${CACHE_KIB}`);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS posts (rid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, author TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS posts_author ON posts (author);
      CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(title, body, content='', tokenize='porter unicode61');
      CREATE TRIGGER IF NOT EXISTS posts_fts_delete AFTER DELETE ON posts BEGIN
        INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.rid, json_extract(old.body, '$.title'), json_extract(old.body, '$.body'));
      END;
    `);
    this.insertUsers = this.#db.transaction((users) => {
      const stmt = this.#db.prepare('INSERT INTO users (id, body) VALUES (?, ?)');
      for (const u of users) stmt.run(u._id, JSON.stringify(u));
    });
    this.insertPosts = this.#db.transaction((posts) => {
      const post = this.#db.prepare('INSERT INTO posts (id, author, body) VALUES (?, ?, ?)');
      const fts = this.#db.prepare('INSERT INTO posts_fts (rowid, title, body) VALUES (?, ?, ?)');
      for (const p of posts) {
        const { lastInsertRowid } = post.run(p._id, p.author_id, JSON.stringify(p));
        fts.run(lastInsertRowid, p.title, p.body);
      }
    });
    this.#pageStmt = this.#db.prepare('SELECT body FROM posts WHERE id >= ? ORDER BY id LIMIT ?').pluck();
    this.#deleteUserStmt = this.#db.prepare('DELETE FROM users WHERE id = ?');
    this.#countPostsStmt = this.#db.prepare('SELECT count(*) FROM posts').pluck();
    this.#searchStmt = this.#db
      .prepare('SELECT p.body FROM posts_fts f JOIN posts p ON p.rid = f.rowid WHERE posts_fts MATCH ? ORDER BY bm25(posts_fts, 2.0, 1.0), p.id LIMIT ?')
      .pluck();
  }

  #pageStmt;
  #deleteUserStmt;
  #countPostsStmt;
  #searchStmt;

  get sqliteVersion() {
    return this.#db.prepare('SELECT sqlite_version()').pluck().get();
  }

  /** A page of posts from `fromId` plus their authors, expanded: two queries, like AeroDB's. */
  pageWithAuthors(fromId, limit) {
    const posts = this.#pageStmt.all(fromId, limit).map((body) => JSON.parse(body));
    const ids = [...new Set(posts.map((p) => p.author_id))];
    const authors = new Map(
      this.#db.prepare(`SELECT body FROM users WHERE id IN (${ids.map(() => '?').join(',')})`).pluck().all(...ids).map((body) => {
        const u = JSON.parse(body);
        return [u._id, u];
      }),
    );
    return posts.map((p) => ({ ...p, _expanded: { author_id: authors.get(p.author_id) ?? null } }));
  }

  /** One autocommit DELETE: the foreign key cascades to the user's posts (and the FTS rows). */
  deleteUser(id) {
    this.#deleteUserStmt.run(id);
  }

  countPosts() {
    return this.#countPostsStmt.get();
  }

  search(query, limit) {
    return this.#searchStmt.all(query, limit).map((body) => JSON.parse(body));
  }

  close() {
    this.#db.close();
  }
}
