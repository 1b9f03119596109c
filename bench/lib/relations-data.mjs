// Data for bench/relations.mjs, on the shapes of the PocketBase benchmark (pocketbase/benchmarks):
// users, and posts with a title, the same long lorem-ipsum description on every post, and an author.
// A second corpus ("varied") draws each post's text from the lorem vocabulary with a seeded PRNG, so
// scores differ from post to post. Everything is a pure function of (seed, i).
import { Prng } from './prng.mjs';

export const RELATIONS_SEED = 20261128;

/** The description every PocketBase benchmark post carries. */
export const POCKETBASE_DESCRIPTION =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Donec sit amet sodales nisl, quis pretium nunc. ' +
  'Suspendisse vel auctor velit, sed luctus lectus. Phasellus rhoncus imperdiet feugiat. Duis et laoreet felis, ' +
  'ut facilisis enim. Quisque aliquet aliquam magna eget eleifend. Duis sed tellus nibh. Nunc ac lacus auctor, ' +
  'scelerisque magna congue, euismod purus. Fusce sollicitudin pharetra egestas. Quisque pulvinar augue nec ' +
  'aliquam placerat. Suspendisse dapibus ornare sodales.';

const LOREM_WORDS = [...new Set(POCKETBASE_DESCRIPTION.toLowerCase().match(/[a-z]+/g))];

export const USERS_SCHEMA = {
  collection: 'users',
  fields: { _id: { type: 'string', required: true }, name: { type: 'string', required: true }, email: { type: 'string' } },
};

/** posts: author reference (cascade, so row 2 can delete users), a text index like SPEC §3's. */
export function postsSchema(collection = 'posts') {
  return {
    collection,
    fields: {
      _id: { type: 'string', required: true },
      title: { type: 'string', required: true },
      body: { type: 'string' },
      public: { type: 'bool' },
      author_id: { type: 'reference', target_collection: 'users', on_delete: 'cascade', required: true },
    },
    indexes: [
      { name: 'author_idx', fields: ['author_id'] },
      { name: 'content_search', type: 'text', fields: ['title', 'body'], config: { language: 'english', weights: { title: 2, body: 1 }, ranking: 'bm25' } },
    ],
  };
}

export const userId = (i) => `u${String(i).padStart(6, '0')}`;
export const postId = (i) => `p${String(i).padStart(7, '0')}`;

export function user(i) {
  return { _id: userId(i), name: `users${i}`, email: `users${i}@example.com` };
}

/** Post i of the PocketBase shape: author drawn from `userCount` users. */
export function pocketbasePost(i, userCount) {
  const prng = new Prng(RELATIONS_SEED ^ i);
  return { _id: postId(i), title: `posts100k${i}`, body: POCKETBASE_DESCRIPTION, public: i % 2 === 1, author_id: userId(prng.int(userCount)) };
}

/** Post i of the varied corpus: 40-100 lorem words, so term frequencies and lengths vary. */
export function variedPost(i, userCount) {
  const prng = new Prng((RELATIONS_SEED * 31) ^ i);
  const words = [];
  const length = 40 + prng.int(61);
  for (let w = 0; w < length; w++) words.push(prng.pick(LOREM_WORDS));
  return { _id: postId(i), title: `${prng.pick(LOREM_WORDS)} ${prng.pick(LOREM_WORDS)} ${i}`, body: words.join(' '), public: i % 2 === 1, author_id: userId(prng.int(userCount)) };
}
