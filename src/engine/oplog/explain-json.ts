// JSON text of an Explain, byte-identical to JSON.stringify(explain): explains are built key by key
// in the declaration order of explain-types.ts, so writing the known keys in that order reproduces
// it. An explain with a key this writer does not know falls back to JSON.stringify. Pieces are
// pushed onto an array and joined once by the caller (concatenation would build a rope).
import type { BoundSpec, Explain, ResidualPredicate } from '../query/explain-types.js';
import { jsonValue, type QuotedStrings } from './json-text.js';

/** Every top-level key of Explain, in declaration order. */
const EXPLAIN_KEYS = [
  'accepted', 'collection', 'projection', 'schema_version', 'planner_version', 'scan', 'index', 'index_fields', 'text',
  'bounds', 'residual', 'sort', 'limit', 'rls', 'branches', 'rejected_alternatives', 'rejection', 'analyze',
] as const satisfies ReadonlyArray<keyof Explain>;

export class ExplainJson {
  readonly #quoted: QuotedStrings;

  constructor(quoted: QuotedStrings) {
    this.#quoted = quoted;
  }

  /** Pushes the JSON text of `e` onto `out`. */
  write(e: Explain, out: string[]): void {
    let known = 0;
    for (const key of EXPLAIN_KEYS) if (e[key] !== undefined) known++;
    if (Object.keys(e).length !== known) {
      out.push(JSON.stringify(e));
      return;
    }
    const q = this.#quoted;
    out.push(e.accepted ? '{"accepted":true,"collection":' : '{"accepted":false,"collection":', q.get(e.collection));
    if (e.projection !== undefined) out.push(',"projection":', q.get(e.projection));
    out.push(',"schema_version":', String(e.schema_version), ',"planner_version":', String(e.planner_version));
    if (e.scan !== undefined) out.push(',"scan":"', e.scan, '"');
    if (e.index !== undefined) out.push(',"index":', q.get(e.index));
    if (e.index_fields !== undefined) {
      out.push(',"index_fields":[');
      for (let i = 0; i < e.index_fields.length; i++) out.push(i === 0 ? '' : ',', q.get(e.index_fields[i]!));
      out.push(']');
    }
    if (e.text !== undefined) out.push(',"text":', JSON.stringify(e.text));
    if (e.bounds !== undefined) this.#bounds(e.bounds, out);
    if (e.residual !== undefined) this.#residual(e.residual, out);
    if (e.sort !== undefined) this.#sort(e.sort, out);
    if (e.limit !== undefined) out.push(',"limit":', JSON.stringify(e.limit));
    if (e.rls !== undefined) {
      const plain = e.rls.predicate === null && Object.keys(e.rls).length === 2;
      out.push(',"rls":', plain ? (e.rls.applied ? '{"applied":true,"predicate":null}' : '{"applied":false,"predicate":null}') : JSON.stringify(e.rls));
    }
    if (e.branches !== undefined) {
      out.push(',"branches":[');
      for (let i = 0; i < e.branches.length; i++) {
        if (i > 0) out.push(',');
        this.write(e.branches[i]!, out);
      }
      out.push(']');
    }
    if (e.rejected_alternatives !== undefined) this.#rejected(e.rejected_alternatives, out);
    if (e.rejection !== undefined) out.push(',"rejection":', JSON.stringify(e.rejection));
    if (e.analyze !== undefined) out.push(',"analyze":', JSON.stringify(e.analyze));
    out.push('}');
  }

  #bounds(bounds: Record<string, BoundSpec>, out: string[]): void {
    out.push(',"bounds":{');
    let first = true;
    for (const field in bounds) {
      const spec = bounds[field]!;
      out.push(first ? '' : ',', this.#quoted.get(field), ':{');
      first = false;
      let firstOp = true;
      for (const op in spec) {
        const value = jsonValue(spec[op as keyof BoundSpec]);
        if (value === undefined) continue;
        out.push(firstOp ? '"' : ',"', op, '":', value);
        firstOp = false;
      }
      out.push('}');
    }
    out.push('}');
  }

  #residual(residual: readonly ResidualPredicate[], out: string[]): void {
    out.push(',"residual":[');
    for (let i = 0; i < residual.length; i++) {
      const r = residual[i]!;
      const value = jsonValue(r.value);
      if (i > 0) out.push(',');
      if (value !== undefined && Object.keys(r).length === 3) out.push('{"field":', this.#quoted.get(r.field), ',"op":"', r.op, '","value":', value, '}');
      else out.push(JSON.stringify(r));
    }
    out.push(']');
  }

  #sort(sort: NonNullable<Explain['sort']>, out: string[]): void {
    if (Object.keys(sort).length !== 2) {
      out.push(',"sort":', JSON.stringify(sort));
      return;
    }
    out.push(sort.by_index ? ',"sort":{"by_index":true,"order":[' : ',"sort":{"by_index":false,"order":[');
    for (let i = 0; i < sort.order.length; i++) {
      const [field, dir] = sort.order[i]!;
      out.push(i === 0 ? '[' : ',[', this.#quoted.get(field), dir === 'asc' ? ',"asc"]' : ',"desc"]');
    }
    out.push(']}');
  }

  #rejected(rejected: ReadonlyArray<{ index: string; reason: string }>, out: string[]): void {
    out.push(',"rejected_alternatives":[');
    for (let i = 0; i < rejected.length; i++) {
      const r = rejected[i]!;
      if (i > 0) out.push(',');
      if (Object.keys(r).length === 2) out.push('{"index":', this.#quoted.get(r.index), ',"reason":', this.#quoted.get(r.reason), '}');
      else out.push(JSON.stringify(r));
    }
    out.push(']');
  }
}
