// The oplog view's `/` filter: words, all of which must match. `posts` matches the collection or
// the operation named posts; `collection:posts` (c:), `op:find` (operation:) only that field;
// `slow` only slow entries. Only fields every row carries unparsed, so filtering a burst stays cheap.
import type { OplogRow } from './feed-events.js';

export type OplogFilterTerm =
  | { field: 'any'; value: string }
  | { field: 'collection'; value: string }
  | { field: 'operation'; value: string }
  | { field: 'slow' };

export interface OplogFilter {
  text: string;
  terms: OplogFilterTerm[];
}

export const NO_FILTER: OplogFilter = { text: '', terms: [] };

export function parseOplogFilter(text: string): OplogFilter {
  const terms: OplogFilterTerm[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? word.slice(colon + 1) : word;
    if (key === 'collection' || key === 'c') terms.push({ field: 'collection', value });
    else if (key === 'op' || key === 'operation') terms.push({ field: 'operation', value });
    else if (word.toLowerCase() === 'slow') terms.push({ field: 'slow' });
    else terms.push({ field: 'any', value: word });
  }
  return { text: text.trim(), terms };
}

export function matchesOplogFilter(row: OplogRow, filter: OplogFilter): boolean {
  for (const term of filter.terms) {
    switch (term.field) {
      case 'slow':
        if (!row.slow) return false;
        break;
      case 'collection':
        if (row.collection !== term.value) return false;
        break;
      case 'operation':
        if (row.operation !== term.value) return false;
        break;
      case 'any':
        if (row.collection !== term.value && row.operation !== term.value) return false;
        break;
    }
  }
  return true;
}
