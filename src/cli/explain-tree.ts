import type { BoundSpec, Explain } from '../engine/query/explain-types.js';

interface TreeNode {
  label: string;
  children: TreeNode[];
}

const OPS: Record<string, string> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', in: 'in', exists: 'exists' };

/** The readable plan tree `aerodb explain` prints (the --json form is the engine's document). */
export function renderExplainTree(explain: Explain): string {
  const head = `${explain.collection}  (schema v${explain.schema_version}, planner v${explain.planner_version})`;
  return [head, ...renderChildren(planNodes(explain), '')].join('\n');
}

function planNodes(explain: Explain): TreeNode[] {
  if (!explain.accepted) {
    const r = explain.rejection;
    const nodes: TreeNode[] = [leaf(`REJECTED ${r ? `${r.code}: ${r.message}` : ''}`.trimEnd())];
    if (r?.field) nodes.push(leaf(`field: ${r.field}`));
    if (r?.hint) nodes.push(leaf(`fix: ${r.hint}`));
    return nodes;
  }
  const nodes: TreeNode[] = [];
  const fields = explain.index_fields?.length ? ` (${explain.index_fields.join(', ')})` : '';
  nodes.push(leaf(`${explain.scan ?? '?'}${explain.index ? ` on ${explain.index}${fields}` : ''}`));
  if (explain.branches?.length) {
    nodes.push({ label: `branches ($or, ${explain.branches.length})`, children: explain.branches.map((b, i) => ({ label: `#${i + 1}`, children: planNodes(b) })) });
  }
  const bounds = Object.entries(explain.bounds ?? {});
  if (bounds.length) nodes.push({ label: 'bounds', children: bounds.flatMap(([field, spec]) => boundLines(field, spec).map(leaf)) });
  if (explain.residual?.length) nodes.push({ label: 'residual filter', children: explain.residual.map((p) => leaf(`${p.field} ${OPS[p.op] ?? p.op} ${show(p.value)}`)) });
  if (explain.sort) {
    const order = explain.sort.order.map(([f, o]) => `${f} ${o}`).join(', ');
    nodes.push(leaf(`sort: ${order} (${explain.sort.by_index ? 'served by the index' : 'not by an index'})`));
  }
  if (explain.limit !== undefined) nodes.push(leaf(`limit: ${explain.limit}`));
  if (explain.rls) {
    const predicate = explain.rls.predicate ? Object.entries(explain.rls.predicate).flatMap(([f, s]) => boundLines(f, s)).join(' AND ') : '';
    nodes.push(leaf(`rls: ${explain.rls.applied ? `applied${predicate ? ` (${predicate})` : ''}` : 'not applied'}`));
  }
  if (explain.rejected_alternatives?.length) {
    nodes.push({ label: 'rejected alternatives', children: explain.rejected_alternatives.map((a) => leaf(`${a.index}: ${a.reason}`)) });
  }
  if (explain.analyze) {
    const a = explain.analyze;
    nodes.push(leaf(`analyze: ${a.documents_scanned} scanned, ${a.documents_returned} returned, ${a.duration_ms} ms`));
  }
  return nodes;
}

function boundLines(field: string, spec: BoundSpec): string[] {
  return Object.entries(spec).map(([op, value]) => `${field} ${OPS[op] ?? op} ${show(value)}`);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function leaf(label: string): TreeNode {
  return { label, children: [] };
}

function renderChildren(nodes: TreeNode[], prefix: string): string[] {
  return nodes.flatMap((node, i) => {
    const last = i === nodes.length - 1;
    return [`${prefix}${last ? '└─ ' : '├─ '}${node.label}`, ...renderChildren(node.children, `${prefix}${last ? '   ' : '│  '}`)];
  });
}
