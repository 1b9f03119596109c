import type { Doc } from '../../types.js';

// Top-level edits of stored documents. Stored values are already deep-frozen, so the new document
// shares them and only its own (key-sorted) top level is new.

function sortedFrozen(entries: Array<[string, unknown]>): Doc {
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.freeze(Object.fromEntries(entries)) as Doc;
}

export function withField(doc: Doc, name: string, value: unknown): Doc {
  return sortedFrozen([...Object.entries(doc).filter(([key]) => key !== name), [name, value]]);
}

export function withoutField(doc: Doc, name: string): Doc {
  return sortedFrozen(Object.entries(doc).filter(([key]) => key !== name));
}

export function withFieldRenamed(doc: Doc, from: string, to: string): Doc {
  return sortedFrozen(Object.entries(doc).map(([key, value]) => [key === from ? to : key, value]));
}
