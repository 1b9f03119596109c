// JSON text of an Explain, byte-identical to JSON.stringify(explain): explains are built key by key
// in the declaration order of explain-types.ts, so writing the known keys in that order reproduces
// it. An explain with a key this writer does not know falls back to JSON.stringify.
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

  write(e: Explain): string {
    let known = 0;
    for (const key of EXPLAIN_KEYS) if (e[key] !== undefined) known++;
    if (Object.keys(e).length !== known) return JSON.stringify(e);
    const q = this.#quoted;
    let out = (e.accepted ? '{"accepted":true,"collection":' : '{"accepted":false,"collection":') + q.get(e.collection);
    if (e.projection !== undefined) out += ',"projection":' + q.get(e.projection);
    out += ',"schema_version":' + e.schema_version + ',"planner_version":' + e.planner_version;
    if (e.scan !== undefined) out += ',"scan":"' + e.scan + '"';
    if (e.index !== undefined) out += ',"index":' + q.get(e.index);
    if (e.index_fields !== undefined) out += ',"index_fields":' + this.#names(e.index_fields);
    if (e.text !== undefined) out += ',"text":' + JSON.stringify(e.text);
    if (e.bounds !== undefined) out += ',"bounds":' + this.#bounds(e.bounds);
    if (e.residual !== undefined) out += ',"residual":' + this.#residual(e.residual);
    if (e.sort !== undefined) out += ',"sort":' + this.#sort(e.sort);
    if (e.limit !== undefined) out += ',"limit":' + JSON.stringify(e.limit);
    if (e.rls !== undefined) {
      const plain = e.rls.predicate === null && Object.keys(e.rls).length === 2;
      out += ',"rls":' + (plain ? (e.rls.applied ? '{"applied":true,"predicate":null}' : '{"applied":false,"predicate":null}') : JSON.stringify(e.rls));
    }
    if (e.branches !== undefined) {
      out += ',"branches":[';
      for (let i = 0; i < e.branches.length; i++) out += (i === 0 ? '' : ',') + this.write(e.branches[i]!);
      out += ']';
    }
    if (e.rejected_alternatives !== undefined) out += ',"rejected_alternatives":' + this.#rejected(e.rejected_alternatives);
    if (e.rejection !== undefined) out += ',"rejection":' + JSON.stringify(e.rejection);
    if (e.analyze !== undefined) out += ',"analyze":' + JSON.stringify(e.analyze);
    return out + '}';
  }

  #names(names: readonly string[]): string {
    let out = '[';
    for (let i = 0; i < names.length; i++) out += (i === 0 ? '' : ',') + this.#quoted.get(names[i]!);
    return out + ']';
  }

  #bounds(bounds: Record<string, BoundSpec>): string {
    let out = '{';
    let first = true;
    for (const field in bounds) {
      const spec = bounds[field]!;
      out += (first ? '' : ',') + this.#quoted.get(field) + ':{';
      first = false;
      let firstOp = true;
      for (const op in spec) {
        const value = jsonValue(spec[op as keyof BoundSpec]);
        if (value === undefined) continue;
        out += (firstOp ? '"' : ',"') + op + '":' + value;
        firstOp = false;
      }
      out += '}';
    }
    return out + '}';
  }

  #residual(residual: readonly ResidualPredicate[]): string {
    let out = '[';
    for (let i = 0; i < residual.length; i++) {
      const r = residual[i]!;
      const value = jsonValue(r.value);
      if (i > 0) out += ',';
      out += value !== undefined && Object.keys(r).length === 3 ? '{"field":' + this.#quoted.get(r.field) + ',"op":"' + r.op + '","value":' + value + '}' : JSON.stringify(r);
    }
    return out + ']';
  }

  #sort(sort: NonNullable<Explain['sort']>): string {
    if (Object.keys(sort).length !== 2) return JSON.stringify(sort);
    let out = sort.by_index ? '{"by_index":true,"order":[' : '{"by_index":false,"order":[';
    for (let i = 0; i < sort.order.length; i++) {
      const [field, dir] = sort.order[i]!;
      out += (i === 0 ? '[' : ',[') + this.#quoted.get(field) + (dir === 'asc' ? ',"asc"]' : ',"desc"]');
    }
    return out + ']}';
  }

  #rejected(rejected: ReadonlyArray<{ index: string; reason: string }>): string {
    let out = '[';
    for (let i = 0; i < rejected.length; i++) {
      const r = rejected[i]!;
      if (i > 0) out += ',';
      out += Object.keys(r).length === 2 ? '{"index":' + this.#quoted.get(r.index) + ',"reason":' + this.#quoted.get(r.reason) + '}' : JSON.stringify(r);
    }
    return out + ']';
  }
}
