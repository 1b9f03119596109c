// The benchmark data set: ~300-byte documents with a UUIDv7-shaped _id (time-ordered, like the ids
// the engine generates) and a `category` field with CATEGORY_COUNT distinct values, indexed in both
// engines. Document i is a pure function of (seed, i), so any slice can be regenerated anywhere.
import { Prng } from './prng.mjs';

export const COLLECTION = 'items';
export const CATEGORY_COUNT = 100;
export const DATA_SEED = 20261128;

/** 2026-01-01T00:00:00Z: the first document's id timestamp; document i is i ms later. */
const BASE_MS = Date.UTC(2026, 0, 1);

const WORDS = [
  'amber', 'basalt', 'cedar', 'delta', 'ember', 'fjord', 'garnet', 'harbor', 'indigo', 'juniper',
  'kestrel', 'lagoon', 'meadow', 'nebula', 'obsidian', 'prairie', 'quartz', 'raven', 'sierra', 'tundra',
  'umber', 'valley', 'willow', 'xenon', 'yarrow', 'zephyr', 'aurora', 'boreal', 'canyon', 'dune',
];
const TAGS = ['red', 'green', 'blue', 'urgent', 'archived', 'draft', 'review', 'shipped'];

export const ITEMS_SCHEMA = {
  collection: COLLECTION,
  fields: {
    _id: { type: 'string', required: true },
    category: { type: 'string', required: true },
    title: { type: 'string', required: true },
    body: { type: 'string' },
    qty: { type: 'int' },
    price: { type: 'float' },
    active: { type: 'bool' },
    created_at: { type: 'timestamp', required: true },
    tags: { type: 'array', items: { type: 'string' } },
  },
  indexes: [{ name: 'category_idx', fields: ['category'] }],
};

export function categoryName(k) {
  return `cat-${String(k).padStart(3, '0')}`;
}

function uuidV7Shaped(ms, prng) {
  const time = ms.toString(16).padStart(12, '0');
  const variant = (8 + prng.int(4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${prng.hex(3)}-${variant}${prng.hex(3)}-${prng.hex(12)}`;
}

function words(prng, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(prng.pick(WORDS));
  return out.join(' ');
}

/** Document number `i` of the data set (deterministic). */
export function makeDocument(i, seed = DATA_SEED) {
  const prng = new Prng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const ms = BASE_MS + i;
  return {
    _id: uuidV7Shaped(ms, prng),
    category: categoryName(prng.int(CATEGORY_COUNT)),
    title: words(prng, 5),
    body: words(prng, 11),
    qty: prng.int(10_000),
    price: Math.round(prng.next() * 1_000_000) / 100,
    active: prng.next() < 0.5,
    created_at: new Date(ms).toISOString(),
    tags: [prng.pick(TAGS), prng.pick(TAGS)],
  };
}

/** Documents [start, start + count). */
export function makeDocuments(start, count, seed = DATA_SEED) {
  const docs = new Array(count);
  for (let i = 0; i < count; i++) docs[i] = makeDocument(start + i, seed);
  return docs;
}
