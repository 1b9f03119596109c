// Validates `expand` paths (SPEC §6) and turns them into a tree: each dotted segment must be a
// reference field or a declared reverse_reference of the collection reached so far, and a path may be
// at most expand_max_depth segments long. Every bad path is named in one AERO_QUERY_INVALID.
import { AeroError } from '../errors/aero-error.js';
import { compareByteOrder } from '../index/name-order.js';
import type { AppliedSchema } from '../types.js';

/** reverse_reference fields without a `limit` expand at most this many documents per parent. */
export const DEFAULT_REVERSE_LIMIT = 20;

export interface ExpandNode {
  /** the field name (the key under `_expanded`) */
  readonly name: string;
  /** the dotted path from the queried collection */
  readonly path: string;
  readonly kind: 'reference' | 'reverse_reference';
  /** collection of the expanded documents */
  readonly collection: string;
  /** reference: the field of the parent holding the target _id; reverse: the source field pointing back */
  readonly field: string;
  /** reverse_reference only: documents per parent */
  readonly limit: number;
  readonly children: ExpandNode[];
}

export type SchemaLookup = (collection: string) => AppliedSchema | undefined;

export interface ExpandRules {
  maxDepth: number;
  /** when set, only these first-level fields may be expanded (named projections) */
  allowedRoots?: ReadonlySet<string>;
}

export function parseExpandPaths(schemaOf: SchemaLookup, collection: string, paths: readonly string[] | undefined, rules: ExpandRules): ExpandNode[] {
  if (!paths || paths.length === 0) return [];
  const roots: ExpandNode[] = [];
  const problems: Array<{ path: string; reason: string }> = [];
  for (const path of paths) {
    const reason = addPath(schemaOf, collection, path, rules, roots);
    if (reason) problems.push({ path, reason });
  }
  if (problems.length > 0) {
    const shown = problems.map((p) => `"${p.path}" (${p.reason})`).join(', ');
    throw new AeroError('AERO_QUERY_INVALID', `expand has ${problems.length === 1 ? 'an invalid path' : `${problems.length} invalid paths`}: ${shown}`, {
      details: { field: problems[0]!.path, key: 'expand', paths: problems.map((p) => p.path), problems, max_depth: rules.maxDepth },
      hint: `Expand only reference fields and declared reverse_reference fields, at most ${rules.maxDepth} level(s) deep (e.g. "author_id" or "comments.author_id").`,
    });
  }
  sortTree(roots);
  return roots;
}

function addPath(schemaOf: SchemaLookup, collection: string, path: string, rules: ExpandRules, roots: ExpandNode[]): string | null {
  const segments = path.split('.');
  if (segments.some((s) => s === '')) return 'empty segment';
  if (segments.length > rules.maxDepth) return `${segments.length} levels deep; expand_max_depth is ${rules.maxDepth}`;
  if (rules.allowedRoots && !rules.allowedRoots.has(segments[0]!)) return `"${segments[0]}" is not a reference field of the projection`;
  let level = roots;
  let current = collection;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    const schema = schemaOf(current);
    const def = schema && Object.prototype.hasOwnProperty.call(schema.fields, name) ? schema.fields[name] : undefined;
    const prefix = segments.slice(0, i + 1).join('.');
    if (!def) return `${current} has no field "${name}"`;
    if (def.type !== 'reference' && def.type !== 'reverse_reference') return `${current}.${name} is a ${def.type}, not a reference or reverse_reference`;
    let node = level.find((n) => n.name === name);
    if (!node) {
      node = def.type === 'reference'
        ? { name, path: prefix, kind: 'reference', collection: def.target_collection ?? current, field: name, limit: 1, children: [] }
        : { name, path: prefix, kind: 'reverse_reference', collection: def.source_collection!, field: def.source_field!, limit: def.limit ?? DEFAULT_REVERSE_LIMIT, children: [] };
      level.push(node);
    }
    level = node.children;
    current = node.collection;
  }
  return null;
}

function sortTree(nodes: ExpandNode[]): void {
  nodes.sort((a, b) => compareByteOrder(a.name, b.name));
  for (const node of nodes) sortTree(node.children);
}
