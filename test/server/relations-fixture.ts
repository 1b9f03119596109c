// A server over the init template's schemas (users, posts with a text index and a projection,
// comments cascading from posts), plus a declared reverse reference posts.comments and a set_null
// reference posts.editor_id, seeded with a small graph.
import { readFileSync } from 'node:fs';
import type { SchemaOp } from '../../src/engine/types.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const TEMPLATE = new URL('../../templates/basic/migrations/001_init.aeromigration.json', import.meta.url);

export const EXTRA_OPS: SchemaOp[] = [
  { op: 'add_field', collection: 'posts', field: { name: 'comments', type: 'reverse_reference', source_collection: 'comments', source_field: 'post_id', limit: 20 } },
  { op: 'add_field', collection: 'posts', field: { name: 'editor_id', type: 'reference', target_collection: 'users', on_delete: 'set_null', nullable: true } },
];

const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T09:00:00.000Z`;

export const USERS = [
  { _id: 'u1', email: 'ada@example.com', name: 'Ada', created_at: at(1) },
  { _id: 'u2', email: 'bob@example.com', name: 'Bob', created_at: at(1) },
  { _id: 'u3', email: 'cy@example.com', name: 'Cy', created_at: at(1) },
  { _id: 'u4', email: 'dee@example.com', name: 'Dee', created_at: at(1) },
];

export const POSTS = [
  { _id: 'p1', title: 'Rust database engines', body: 'Building a database in Rust, from the storage up.', status: 'published', created_at: at(2), author_id: 'u1' },
  { _id: 'p2', title: 'Cooking pasta', body: 'Water, salt, pasta.', status: 'draft', created_at: at(3), author_id: 'u1' },
  { _id: 'p3', title: 'Why every database needs an index', body: 'Scans are slow; indexes are fast.', status: 'published', created_at: at(4), author_id: 'u2', editor_id: 'u4' },
  { _id: 'p4', title: 'Rust for beginners', body: 'Ownership and borrowing explained.', status: 'published', created_at: at(5), author_id: 'u2' },
  { _id: 'p5', title: 'Notes', body: 'Some notes on rust and on the database we use at work, plus other things.', status: 'published', created_at: at(6), author_id: 'u1' },
];

export const COMMENTS = [
  { _id: 'c1', post_id: 'p1', author_id: 'u2', body: 'Great read', created_at: at(7) },
  { _id: 'c2', post_id: 'p1', author_id: 'u3', body: 'More please', created_at: at(7) },
  { _id: 'c3', post_id: 'p3', author_id: 'u1', body: 'Agreed', created_at: at(8) },
  { _id: 'c4', post_id: 'p4', author_id: 'u3', body: 'Helpful', created_at: at(8) },
];

/** The template's `up` operations, then EXTRA_OPS, then the seed data (inserted through REST). */
export async function startRelationsServer(): Promise<TestServer> {
  const migration = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { up: SchemaOp[] };
  const t = await startTestServer({ schemas: [] });
  await t.db.applySchemaOps(migration.up);
  await t.db.applySchemaOps(EXTRA_OPS);
  for (const [collection, docs] of [['users', USERS], ['posts', POSTS], ['comments', COMMENTS]] as const) {
    const reply = await t.request('POST', `/api/collections/${collection}`, { body: docs });
    if (reply.status !== 201) throw new Error(`seeding ${collection}: ${reply.text}`);
  }
  return t;
}

/** `/api/...?k=v` with URL encoding. */
export function withParams(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}
